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
  learner      INTEGER,           -- the actor: outcome_learners.ordinal; NULL for an anonymous Group
  completed    INTEGER NOT NULL,  -- 1: completed, passed or mastered, or result success/completion
  scaled       REAL,              -- result.score.scaled
  PRIMARY KEY (outcome_key, seq)
) WITHOUT ROWID;

-- ---- Rollups, kept up to date in the transaction that tags or untags, so that dashboards never
-- scan statements or tags. A statement's day is that of its timestamp (UTC), counted in days
-- since 1970-01-01. Scores are summed in millionths (round(scaled * 1e6)), exactly.

-- Per generation and day: tagged statements, and what each learner did that day. `learners`
-- holds one entry per learner active that day, in ascending ordinal: varints of the ordinal's
-- difference from the previous one, statements, scored statements, and the zigzag-encoded sum of
-- their scores in millionths (plugin/model/learner_days.h). One row per (generation, day) is
-- all a batch of statements rewrites, however many learners it touches.
CREATE TABLE outcome_daily (
  outcome_key   INTEGER NOT NULL,
  day           INTEGER NOT NULL,
  statements    INTEGER NOT NULL,
  scored        INTEGER NOT NULL,  -- of which with result.score.scaled
  scaled_micros INTEGER NOT NULL,  -- their scores' sum, in millionths
  learners      BLOB,
  PRIMARY KEY (outcome_key, day)
) WITHOUT ROWID;

-- Per generation and learner (an identified actor): written when a learner first appears and
-- when their first statement or first completion moves, not for every statement.
CREATE TABLE outcome_learners (
  outcome_key  INTEGER NOT NULL,
  agent        TEXT NOT NULL,      -- the actor's identity
  ordinal      INTEGER NOT NULL,   -- 0, 1, 2... within the generation
  first_us     INTEGER NOT NULL,   -- timestamp of the first tagged statement
  completed_us INTEGER,            -- of the first completing one (NULL: none yet)
  PRIMARY KEY (outcome_key, agent)
) WITHOUT ROWID;
CREATE UNIQUE INDEX outcome_learners_by_ordinal ON outcome_learners (outcome_key, ordinal);
CREATE INDEX outcome_learners_completed ON outcome_learners (outcome_key)
  WHERE completed_us IS NOT NULL;

-- ---- KPI observations: one value per outcome, date and subject ('' for the whole audience,
-- 'agent:IDENTITY' for a learner, 'team:NAME' for a team). They belong to the outcome's id, not
-- to a generation, so a change of its rules keeps them; deleting the outcome deletes them.
CREATE TABLE outcome_kpi (
  store_id   INTEGER NOT NULL,
  outcome_id TEXT NOT NULL,
  day        INTEGER NOT NULL,
  subject    TEXT NOT NULL,
  value      REAL NOT NULL,
  agent      TEXT,                 -- the Agent as JSON, for a learner's value
  team       TEXT,
  recorded   TEXT NOT NULL,        -- when it was last written
  PRIMARY KEY (store_id, outcome_id, day, subject)
) WITHOUT ROWID;
CREATE INDEX outcome_kpi_by_subject ON outcome_kpi (store_id, outcome_id, subject, day);
