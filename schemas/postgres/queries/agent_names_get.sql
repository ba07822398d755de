-- Every name statements of store $1 gave agent $2 (an AgentKey), in byte order.
SELECT name FROM agent_names
WHERE store_id = $1 AND agent_sha = sha256(convert_to($2, 'UTF8')) AND agent_key = $2
ORDER BY name;
