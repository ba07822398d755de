-- Deletes the KPI observations of subject ?2 ('agent:' and an erased person's xapi::AgentKey) in
-- store ?1, of every outcome (the series follow by trigger).
DELETE FROM outcome_kpi WHERE store_id = ?1 AND subject = ?2;
