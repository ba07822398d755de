-- migrate: agent names with (store_id, agent_key, name) > ($1, $2, $3) in key order, text in byte
-- order (as SQLite sorts it), at most $4.
SELECT store_id, agent_key, name FROM agent_names
WHERE store_id > $1
   OR (store_id = $1 AND (agent_key COLLATE "C" > $2::text
                          OR (agent_key = $2::text AND name COLLATE "C" > $3::text)))
ORDER BY store_id, agent_key COLLATE "C", name COLLATE "C" LIMIT $4;
