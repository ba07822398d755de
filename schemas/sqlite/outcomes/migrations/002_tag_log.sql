-- The outcome plugin's schema, version 2: the tag log.
--
-- Tags of statements as they are stored are appended here, in statement order, in the
-- transaction that stores them, and later folded into outcome_tags and the rollups in bulk
-- (plugin/tagging/tag_log.h): appending touches the last page or two of one B-tree per commit,
-- where writing each tag under its outcome touched a page per outcome, and a learner and a day
-- row per tag. A fold runs when the log holds enough tags, when a statement is voided, and
-- before anything reads tags or rollups, so readers never see the log. Rows of a generation
-- retired meanwhile are dropped by the fold.
CREATE TABLE outcome_tag_log (
  seq          INTEGER NOT NULL,
  outcome_key  INTEGER NOT NULL,
  rule         TEXT NOT NULL,
  stored_us    INTEGER NOT NULL,
  timestamp_us INTEGER NOT NULL,
  agent        TEXT,              -- the actor's identity; NULL for an anonymous Group
  completed    INTEGER NOT NULL,
  scaled       REAL,
  PRIMARY KEY (seq, outcome_key)
) WITHOUT ROWID;
