-- migrate: copies the agent names of the JSON array $1 (objects named by column).
INSERT INTO agent_names (store_id, agent_key, agent_sha, name, name_sha)
SELECT r.store_id, r.agent_key, sha256(convert_to(r.agent_key, 'UTF8')), r.name,
       sha256(convert_to(r.name, 'UTF8'))
FROM json_to_recordset($1::json) AS r (store_id bigint, agent_key text, name text);
