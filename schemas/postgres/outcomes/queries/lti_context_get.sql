-- The memberships URL of course ?2 of platform ?1 and when it was last synced.
SELECT memberships_url, synced_us FROM lti_contexts WHERE platform_id = ?1 AND context_id = ?2;
