-- The outcome plugin's schema, version 1: declared outcomes, the tags of statements, and the
-- version number that tells a running server that declarations changed.

-- One generation of a declaration. Changing an outcome's rules (or IRI) retires its generation
-- (tagging_state 'deleted') and starts a new one under a new key, whose tags are built from
-- scratch; retired generations and their tags are removed in the background.
CREATE TABLE outcome_declarations (
  key               INTEGER PRIMARY KEY,
  store_id          INTEGER NOT NULL,
  outcome_id        TEXT NOT NULL,
  document          TEXT NOT NULL,     -- the declaration as accepted (JSON)
  fingerprint       TEXT NOT NULL,     -- IRI and rules: what decides tagging
  created           TEXT NOT NULL,
  updated           TEXT NOT NULL,
  tagging_state     TEXT NOT NULL,     -- 'running' (history being tagged), 'done', 'deleted'
  tagging_until     INTEGER NOT NULL,  -- statements with seq <= this are the history to tag
  tagging_cursor    INTEGER NOT NULL,  -- the history is tagged up to this seq
  tagging_total     INTEGER NOT NULL,  -- statements in the history
  tagging_processed INTEGER NOT NULL   -- of which this many are done
);
CREATE UNIQUE INDEX outcome_declarations_live
  ON outcome_declarations (store_id, outcome_id) WHERE tagging_state != 'deleted';
CREATE INDEX outcome_declarations_by_state ON outcome_declarations (tagging_state);

-- Bumped by every change of declarations; the server re-reads them before its next batch, so
-- a declaration made by another process (outcome-lrs outcomes apply) takes effect at once.
CREATE TABLE outcome_declarations_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO outcome_declarations_version (id, version) VALUES (1, 0);

-- Which statement serves which outcome generation, by which rule, and what dashboards need of
-- the statement.
CREATE TABLE outcome_tags (
  outcome_key  INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  rule         TEXT NOT NULL,
  stored_us    INTEGER NOT NULL,
  timestamp_us INTEGER NOT NULL,
  agent        TEXT,              -- the actor's identity; NULL for an anonymous Group
  completed    INTEGER NOT NULL,  -- 1: completed, passed or mastered, or result success/completion
  scaled       REAL,              -- result.score.scaled
  PRIMARY KEY (outcome_key, seq)
) WITHOUT ROWID;
