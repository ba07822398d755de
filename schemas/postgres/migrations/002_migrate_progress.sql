-- Outcome LRS, PostgreSQL schema version 2: the progress of `outcome-lrs migrate`, which copies
-- an SQLite LRS database into this one. One row per table copied; each batch of rows is
-- inserted in the transaction that moves its row forward, so an interrupted copy resumes after
-- the last batch committed. Empty in a database that was never the target of a migrate.
CREATE TABLE migrate_progress (
  table_name text PRIMARY KEY,
  source     text NOT NULL,            -- what identifies the SQLite database being copied
  after_key  text,                     -- JSON array: the key of the last row copied; NULL: none
  copied     bigint NOT NULL DEFAULT 0,
  done       boolean NOT NULL DEFAULT false
);
