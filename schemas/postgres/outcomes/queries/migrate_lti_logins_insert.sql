-- migrate: inserts the unfinished LTI logins of the JSON array ?1 (objects named by column).
INSERT INTO lti_logins (platform_id, state, nonce, expires_us, browser_hash, storage,
                        storage_target)
SELECT r.platform_id, r.state, r.nonce, r.expires_us, r.browser_hash, r.storage, r.storage_target
FROM json_to_recordset(?1::json) AS r (platform_id bigint, state text, nonce text,
                                       expires_us bigint, browser_hash text, storage integer,
                                       storage_target text);
