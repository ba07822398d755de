-- The login that issued nonce ?1: its platform, state, expiry and browser binding.
SELECT platform_id, state, expires_us, browser_hash, storage FROM lti_logins WHERE nonce = ?1;
