-- Remembers the NRPS memberships URL ?3 of course ?2 of platform ?1 (a launch offered it); when
-- it was last synced stays as it was.
INSERT INTO lti_contexts (platform_id, context_id, memberships_url, synced_us)
VALUES (?1, ?2, ?3, 0)
ON CONFLICT (platform_id, context_id) DO UPDATE SET memberships_url = excluded.memberships_url;
