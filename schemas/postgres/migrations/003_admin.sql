-- Outcome LRS, PostgreSQL schema version 3: administration (SQLite's 007_admin.sql). A store can
-- be disabled (its credentials are refused while it is); every administrative change is
-- recorded in an audit log; long administrative work runs as a job whose state can be followed.

-- When the store was disabled; NULL while it is enabled.
ALTER TABLE stores ADD COLUMN disabled text;

-- Administrative actions, newest last. Never secrets nor erased personal data: `detail` holds a
-- small JSON object of counts and settings.
CREATE TABLE admin_audit (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  time     text NOT NULL,                          -- ISO 8601, UTC
  store_id bigint NOT NULL REFERENCES stores (id), -- the store acted upon
  actor    text NOT NULL,                          -- a credential's key, or 'cli'
  action   text NOT NULL,                          -- 'store.create', 'credential.revoke', ...
  target   text NOT NULL,                          -- what was acted upon: a key, a store name
  detail   text NOT NULL                           -- JSON object
);
CREATE INDEX admin_audit_by_store ON admin_audit (store_id, id);

-- Background jobs (an erasure, ...): what a client follows with GET /admin/jobs/{id}.
CREATE TABLE jobs (
  seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id   text NOT NULL UNIQUE,                   -- lower-case UUID
  kind     text NOT NULL,
  store_id bigint NOT NULL REFERENCES stores (id),
  state    text NOT NULL,                          -- 'queued', 'running', 'done', 'failed'
  created  text NOT NULL,
  updated  text NOT NULL,
  result   text,                                   -- JSON, once done
  error    text                                    -- why it failed
);
