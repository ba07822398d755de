-- Removes learner ?2 (an xapi::AgentKey) from the roster of store ?1 (an erased person).
DELETE FROM outcome_roster WHERE store_id = ?1 AND agent = ?2;
