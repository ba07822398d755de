-- How many logins of platform ?1 await their launch at ?2 (microseconds).
SELECT COUNT(*) FROM lti_logins WHERE platform_id = ?1 AND expires_us >= ?2;
