-- Whether outcome ?2 of store ?1 has whole-audience observations, and any observations.
SELECT EXISTS (SELECT 1 FROM outcome_kpi WHERE store_id = ?1 AND outcome_id = ?2 AND subject = ''),
       EXISTS (SELECT 1 FROM outcome_kpi WHERE store_id = ?1 AND outcome_id = ?2);
