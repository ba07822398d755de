-- The outcome plugin's schema: LTI 1.3 courses and platform storage (plugin/api/lti_service.h).
--
-- lti_contexts: per platform registration and course (context id), the NRPS memberships URL the
-- last launch from that course offered, so a roster sync asked for by context id alone uses it,
-- and when the course's roster was last synced from the LMS (synced_us, microseconds; 0 when
-- never). Course ids and URLs only: no person's data.
CREATE TABLE lti_contexts (
  platform_id     INTEGER NOT NULL,
  context_id      TEXT NOT NULL,
  memberships_url TEXT NOT NULL,
  synced_us       INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (platform_id, context_id)
);

-- The frame the login initiation named with lti_storage_target, for platforms that do not post
-- it again with the launch ('' when the login used the cookie).
ALTER TABLE lti_logins ADD COLUMN storage_target TEXT NOT NULL DEFAULT '';
