-- Remembers that a statement of store $1 called agent $2 (an AgentKey) by name $3.
INSERT INTO agent_names (store_id, agent_key, agent_sha, name, name_sha)
VALUES ($1, $2, sha256(convert_to($2, 'UTF8')), $3, sha256(convert_to($3, 'UTF8')))
ON CONFLICT DO NOTHING;
