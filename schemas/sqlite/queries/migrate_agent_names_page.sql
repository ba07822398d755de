-- migrate: agent names with (store_id, agent_key, name) > (?1, ?2, ?3) in key (byte) order, at
-- most ?4.
SELECT store_id, agent_key, name FROM agent_names
WHERE (store_id, agent_key, name) > (?1, ?2, ?3) ORDER BY store_id, agent_key, name LIMIT ?4;
