-- The outcome plugin's schema on PostgreSQL: LTI 1.3, a login bound to the browser that started
-- it (schemas/sqlite/outcomes, 007_lti_binding.sql).
ALTER TABLE lti_logins ADD COLUMN browser_hash text NOT NULL DEFAULT '';
ALTER TABLE lti_logins ADD COLUMN storage integer NOT NULL DEFAULT 0;
ALTER TABLE lti_platforms ADD COLUMN agent_match text NOT NULL DEFAULT 'email';
