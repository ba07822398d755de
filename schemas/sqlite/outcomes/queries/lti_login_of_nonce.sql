-- The login that issued nonce ?1: its platform, state and expiry.
SELECT platform_id, state, expires_us FROM lti_logins WHERE nonce = ?1;
