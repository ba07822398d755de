-- Outcome LRS, SQLite schema version 3: the documents of the State, Activity Profile and Agent
-- Profile resources (Part Three §2.2-2.7), stored byte for byte with their Content-Type.
-- Columns that do not apply to a kind hold '' rather than NULL, so the unique key identifies a
-- document with plain equality.
CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  store_id     INTEGER NOT NULL REFERENCES stores (id),
  kind         INTEGER NOT NULL,  -- 0 State, 1 Activity Profile, 2 Agent Profile
  activity_id  TEXT NOT NULL,     -- '' for Agent Profile documents
  agent_key    TEXT NOT NULL,     -- xapi::AgentKey of the Agent; '' for Activity Profile documents
  registration TEXT NOT NULL,     -- lower-case UUID of a State document; '' when none
  document_id  TEXT NOT NULL,     -- stateId or profileId
  content_type TEXT NOT NULL,
  contents     BLOB NOT NULL,
  etag         TEXT NOT NULL,     -- lower-case hex SHA-1 of the contents
  updated_us   INTEGER NOT NULL,  -- last written, microseconds since the epoch
  UNIQUE (store_id, kind, activity_id, agent_key, registration, document_id)
);
