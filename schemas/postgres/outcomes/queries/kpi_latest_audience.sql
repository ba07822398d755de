-- The latest whole-audience observation of outcome ?2 of store ?1 at or before day ?3:
-- (day, value, 1).
SELECT day, value, 1 FROM outcome_kpi
WHERE store_id = ?1 AND outcome_id = ?2 AND subject = '' AND day <= ?3
ORDER BY day DESC
LIMIT 1;
