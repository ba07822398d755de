-- migrate (outcome-lrs migrate copies this SQLite database into PostgreSQL): the unfinished LTI
-- logins after (platform ?1, state ?2), at most ?3.
SELECT platform_id, state, nonce, expires_us, browser_hash, storage, storage_target
FROM lti_logins
WHERE platform_id > ?1 OR (platform_id = ?1 AND state > ?2)
ORDER BY platform_id, state LIMIT ?3;
