-- Outcome LRS, SQLite schema version 2: which migrations of which plugin have been applied.
-- Plugins keep their own tables; the LRS only records the steps of their schemas.
CREATE TABLE extension_migrations (
  owner   TEXT NOT NULL,   -- the plugin's name
  name    TEXT NOT NULL,   -- the migration's name
  applied TEXT NOT NULL,
  PRIMARY KEY (owner, name)
) WITHOUT ROWID;
