-- Remembers a login of platform ?1: state ?2 and nonce ?3, valid until ?4 (microseconds).
INSERT INTO lti_logins (platform_id, state, nonce, expires_us) VALUES (?1, ?2, ?3, ?4);
