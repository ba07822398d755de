-- The outcome plugin's schema on PostgreSQL: the keys that sign dashboard links
-- (schemas/sqlite/outcomes, 004_embed_keys.sql).
CREATE TABLE outcome_embed_keys (
  store_id bigint PRIMARY KEY,
  key      bytea NOT NULL,
  created  text NOT NULL
);
