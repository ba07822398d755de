-- Removes learner ?2 (an xapi::AgentKey) from the roster of store ?1 (an erased person).
DELETE FROM outcome_roster
WHERE store_id = ?1 AND agent_sha = sha256(convert_to(?2, 'UTF8')) AND agent = ?2;
