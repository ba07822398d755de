-- Outcome LRS, SQLite schema version 1: stores (tenants), credentials, statements and the
-- statement index that serves every GET /statements filter.

-- A store is a tenant. Every other row belongs to exactly one store.
CREATE TABLE stores (
  id      INTEGER PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  created TEXT NOT NULL
);
INSERT INTO stores (id, name, created)
VALUES (1, 'default', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- HTTP Basic credentials. The secret is never stored: only PBKDF2-HMAC-SHA256(secret, salt).
CREATE TABLE credentials (
  id          INTEGER PRIMARY KEY,
  store_id    INTEGER NOT NULL REFERENCES stores (id),
  api_key     TEXT NOT NULL UNIQUE,
  secret_hash BLOB NOT NULL,
  salt        BLOB NOT NULL,
  iterations  INTEGER NOT NULL,
  scopes      TEXT NOT NULL,      -- space-separated xAPI scopes
  name        TEXT NOT NULL,
  authority   TEXT NOT NULL,      -- JSON Agent written as the authority of stored statements
  created     TEXT NOT NULL,
  revoked     TEXT                -- NULL while the credential is active
);
CREATE INDEX credentials_by_store ON credentials (store_id);

-- Statements in stored order. `seq` is the keyset-pagination key; `stored_us` grows from one
-- commit to the next (statements committed together share it), so time windows translate into
-- seq windows.
CREATE TABLE statements (
  seq          INTEGER PRIMARY KEY,
  store_id     INTEGER NOT NULL REFERENCES stores (id),
  statement_id TEXT NOT NULL,       -- lower-case UUID
  stored_us    INTEGER NOT NULL,    -- the "stored" property, microseconds since the epoch
  voided       INTEGER NOT NULL DEFAULT 0,
  is_voiding   INTEGER NOT NULL DEFAULT 0,
  ref_target   TEXT,                -- lower-case id of the StatementRef object, if any
  terms        TEXT NOT NULL,       -- this statement's index terms, "key_id:flags" joined by ' '
  body         TEXT NOT NULL        -- the statement as returned in the "exact" format
);
CREATE UNIQUE INDEX statements_by_id ON statements (store_id, statement_id);
CREATE INDEX statements_by_stored ON statements (store_id, stored_us);
CREATE INDEX statements_by_store ON statements (store_id);
CREATE INDEX statements_by_ref ON statements (store_id, ref_target) WHERE ref_target IS NOT NULL;

-- Interned filter values, per store: kind 1 = agent IFI, 2 = activity id, 3 = verb id,
-- 4 = registration.
CREATE TABLE index_keys (
  id       INTEGER PRIMARY KEY,
  store_id INTEGER NOT NULL REFERENCES stores (id),
  kind     INTEGER NOT NULL,
  value    TEXT NOT NULL,
  UNIQUE (store_id, kind, value)
);

-- Which statements carry which key (a row belongs to its key's store), and how (flags): 1 = direct (actor/object agent or its
-- group's members, object activity, verb, registration), 2 = related (context agents and
-- activities, authority, sub-statement parts), 4 = authority. A statement whose object is a
-- StatementRef also carries its target's direct and related terms.
CREATE TABLE statement_index (
  key_id INTEGER NOT NULL,
  seq    INTEGER NOT NULL,
  flags  INTEGER NOT NULL,
  PRIMARY KEY (key_id, seq)
) WITHOUT ROWID;

-- The LRS's canonical Activity definitions (format=canonical, and the Activities resource).
CREATE TABLE activities (
  store_id    INTEGER NOT NULL REFERENCES stores (id),
  activity_id TEXT NOT NULL,
  definition  TEXT NOT NULL,        -- JSON Activity Definition
  PRIMARY KEY (store_id, activity_id)
) WITHOUT ROWID;

-- The LRS's canonical Verb displays (format=canonical).
CREATE TABLE verbs (
  store_id INTEGER NOT NULL REFERENCES stores (id),
  verb_id  TEXT NOT NULL,
  display  TEXT NOT NULL,           -- JSON language map
  PRIMARY KEY (store_id, verb_id)
) WITHOUT ROWID;
