-- The outcome plugin's schema on PostgreSQL, version 2: the tag log (schemas/sqlite/outcomes,
-- 002_tag_log.sql, says what it is for).
CREATE TABLE outcome_tag_log (
  seq          bigint NOT NULL,
  outcome_key  bigint NOT NULL,
  rule         text NOT NULL,
  stored_us    bigint NOT NULL,
  timestamp_us bigint NOT NULL,
  agent        text,
  completed    integer NOT NULL,
  scaled       double precision,
  PRIMARY KEY (seq, outcome_key)
);
