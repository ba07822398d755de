-- Erasing a person (lrs/service/forget.h): what stays of an erased person is a block entry, a
-- salted SHA-256 of each of their inverse functional identifiers (never the identifier), so the
-- same person sent again can be recognised, and refused when the erasure asked for it. The salt
-- is random, written once per database by the first erasure.
CREATE TABLE erasure_salt (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  salt BLOB NOT NULL
);

CREATE TABLE erased_agents (
  store_id INTEGER NOT NULL REFERENCES stores (id),
  key_hash TEXT NOT NULL,     -- lower-case hex SHA-256 of the salt and the xapi::AgentKey
  blocked  INTEGER NOT NULL,  -- 1: statements with this actor are refused
  erased   TEXT NOT NULL,     -- when, ISO 8601
  PRIMARY KEY (store_id, key_hash)
) WITHOUT ROWID;
