-- migrate (outcome-lrs migrate copies this SQLite database into PostgreSQL): the LTI courses
-- after (platform ?1, context ?2), at most ?3.
SELECT platform_id, context_id, memberships_url, synced_us FROM lti_contexts
WHERE platform_id > ?1 OR (platform_id = ?1 AND context_id > ?2)
ORDER BY platform_id, context_id LIMIT ?3;
