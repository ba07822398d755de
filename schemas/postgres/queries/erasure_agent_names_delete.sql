-- Deletes the names statements of store $1 gave agent $2 (an xapi::AgentKey).
DELETE FROM agent_names
WHERE store_id = $1 AND agent_sha = sha256(convert_to($2, 'UTF8')) AND agent_key = $2;
