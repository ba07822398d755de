-- migrate: block entries with (store_id, key_hash) > ($1, $2) in key order, text in byte order
-- (as SQLite sorts it), at most $3.
SELECT store_id, key_hash, blocked, erased FROM erased_agents
WHERE store_id > $1 OR (store_id = $1 AND key_hash COLLATE "C" > $2::text)
ORDER BY store_id, key_hash COLLATE "C" LIMIT $3;
