-- Remembers a login of platform ?1: state ?2 and nonce ?3, valid until ?4 (microseconds), bound
-- to the browser holding the secret whose SHA-256 (hex) is ?5, kept in the platform's storage
-- when ?6 is 1 (else in a cookie), in the frame ?7 (lti_storage_target; '' for the cookie).
INSERT INTO lti_logins (platform_id, state, nonce, expires_us, browser_hash, storage,
                        storage_target)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);
