-- migrate: inserts the link-signing keys of the JSON array ?1 (objects named by column; the
-- keys' bytes in hex).
INSERT INTO outcome_embed_keys (store_id, key, created)
SELECT r.store_id, decode(r.key, 'hex'), r.created
FROM json_to_recordset(?1::json) AS r (store_id bigint, key text, created text);
