-- Forgets logins that expired before ?1 (microseconds) or belong to platform ?2 (removed).
DELETE FROM lti_logins WHERE expires_us < ?1 OR platform_id = ?2;
