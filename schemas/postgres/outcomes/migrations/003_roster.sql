-- The outcome plugin's schema on PostgreSQL, version 3: the roster (schemas/sqlite/outcomes,
-- 003_roster.sql). A learner's identity is keyed by its SHA-256; teams and managers are found by
-- reading the store's rows (a roster is read whole or by team, and a team or manager name has no
-- length bound that a B-tree would accept).
CREATE TABLE outcome_roster (
  store_id  bigint NOT NULL,
  agent     text COLLATE "C" NOT NULL,
  agent_sha bytea NOT NULL,
  team      text COLLATE "C" NOT NULL,
  manager   text COLLATE "C" NOT NULL,
  segment   text COLLATE "C" NOT NULL,
  PRIMARY KEY (store_id, agent_sha)
);
