-- The outcome plugin's schema on PostgreSQL: LTI 1.3 courses and platform storage
-- (schemas/sqlite/outcomes, 008_lti_contexts.sql).
CREATE TABLE lti_contexts (
  platform_id     bigint NOT NULL,
  context_id      text NOT NULL,
  memberships_url text NOT NULL,
  synced_us       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, context_id)
);

ALTER TABLE lti_logins ADD COLUMN storage_target text NOT NULL DEFAULT '';
