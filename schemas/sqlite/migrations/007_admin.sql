-- Outcome LRS, SQLite schema version 7: administration. A store can be disabled (its
-- credentials are refused while it is); every administrative change is recorded in an audit
-- log; long administrative work runs as a job whose state can be followed.

-- When the store was disabled; NULL while it is enabled.
ALTER TABLE stores ADD COLUMN disabled TEXT;

-- Administrative actions, newest last. Never secrets nor erased personal data: `detail` holds a
-- small JSON object of counts and settings.
CREATE TABLE admin_audit (
  id       INTEGER PRIMARY KEY,
  time     TEXT NOT NULL,                           -- ISO 8601, UTC
  store_id INTEGER NOT NULL REFERENCES stores (id), -- the store acted upon
  actor    TEXT NOT NULL,                           -- a credential's key, or 'cli'
  action   TEXT NOT NULL,                           -- 'store.create', 'credential.revoke', ...
  target   TEXT NOT NULL,                           -- what was acted upon: a key, a store name
  detail   TEXT NOT NULL                            -- JSON object
);
CREATE INDEX admin_audit_by_store ON admin_audit (store_id, id);

-- Background jobs (an erasure, ...): what a client follows with GET /admin/jobs/{id}.
CREATE TABLE jobs (
  seq      INTEGER PRIMARY KEY,
  job_id   TEXT NOT NULL UNIQUE,                    -- lower-case UUID
  kind     TEXT NOT NULL,
  store_id INTEGER NOT NULL REFERENCES stores (id),
  state    TEXT NOT NULL,                           -- 'queued', 'running', 'done', 'failed'
  created  TEXT NOT NULL,
  updated  TEXT NOT NULL,
  result   TEXT,                                    -- JSON, once done
  error    TEXT                                     -- why it failed
);
