-- Forgets the courses of platform ?1 (removed).
DELETE FROM lti_contexts WHERE platform_id = ?1;
