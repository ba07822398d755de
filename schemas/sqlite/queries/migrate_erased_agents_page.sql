-- migrate: block entries with (store_id, key_hash) > (?1, ?2) in key (byte) order, at most ?3.
SELECT store_id, key_hash, blocked, erased FROM erased_agents
WHERE (store_id, key_hash) > (?1, ?2) ORDER BY store_id, key_hash LIMIT ?3;
