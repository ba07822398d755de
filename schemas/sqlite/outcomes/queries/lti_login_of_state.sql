-- The frame named by lti_storage_target at the login of platform ?1 with state ?2, when that
-- login kept its secret in the platform's storage and has not expired at ?3 (microseconds).
SELECT storage_target FROM lti_logins
WHERE platform_id = ?1 AND state = ?2 AND storage = 1 AND expires_us >= ?3;
