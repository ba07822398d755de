-- migrate: copies the block entries of the JSON array $1 (objects named by column).
INSERT INTO erased_agents (store_id, key_hash, blocked, erased)
SELECT r.store_id, r.key_hash, r.blocked <> 0, r.erased
FROM json_to_recordset($1::json) AS r (store_id bigint, key_hash text, blocked integer,
                                       erased text);
