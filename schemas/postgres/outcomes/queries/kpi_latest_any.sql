-- The latest day at or before day ?3 with observations of outcome ?2 of store ?1, with the mean
-- and number of that day's values: (day, mean, n), or a NULL day when there is none.
SELECT MAX(day), AVG(value), COUNT(*) FROM outcome_kpi
WHERE store_id = ?1 AND outcome_id = ?2
  AND day = (SELECT MAX(day) FROM outcome_kpi WHERE store_id = ?1 AND outcome_id = ?2 AND day <= ?3);
