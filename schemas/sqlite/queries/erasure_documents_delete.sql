-- Deletes the State and Agent Profile documents of store ?1 that belong to agent ?2 (an
-- xapi::AgentKey), of every activity and registration: one row per document deleted.
DELETE FROM documents WHERE store_id = ?1 AND kind IN (0, 2) AND agent_key = ?2
RETURNING 1;
