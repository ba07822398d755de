-- The outcome plugin's schema: LTI 1.3, a login bound to the browser that started it
-- (plugin/api/lti_service.h). browser_hash is the SHA-256 (hex) of a random secret the login
-- left in that browser only: in a cookie, or in the platform's storage (the LTI client-side
-- postMessage flow) when storage is 1. A launch must show the secret.
ALTER TABLE lti_logins ADD COLUMN browser_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE lti_logins ADD COLUMN storage INTEGER NOT NULL DEFAULT 0;

-- How a platform's users are matched to xAPI agents (the learner's own view, NRPS rosters):
-- 'email' (mbox mailto: of the email claim) or 'account' (homePage the issuer, name the LMS's
-- user id, the form an LMS's xAPI logstore sends).
ALTER TABLE lti_platforms ADD COLUMN agent_match TEXT NOT NULL DEFAULT 'email';
