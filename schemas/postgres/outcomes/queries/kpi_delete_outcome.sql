-- Forgets the observations of outcome ?2 of store ?1.
DELETE FROM outcome_kpi WHERE store_id = ?1 AND outcome_id = ?2;
