-- Erasing a person (lrs/service/forget.h): what stays of an erased person is a block entry, a
-- salted SHA-256 of each of their inverse functional identifiers (never the identifier), so the
-- same person sent again can be recognised, and refused when the erasure asked for it. The salt
-- is random, written once per database by the first erasure.
CREATE TABLE erasure_salt (
  id   integer PRIMARY KEY CHECK (id = 1),
  salt bytea NOT NULL
);

CREATE TABLE erased_agents (
  store_id bigint NOT NULL REFERENCES stores (id),
  key_hash text NOT NULL,     -- lower-case hex SHA-256 of the salt and the xapi::AgentKey
  blocked  boolean NOT NULL,  -- statements with this actor are refused
  erased   text NOT NULL,     -- when, ISO 8601
  PRIMARY KEY (store_id, key_hash)
);
