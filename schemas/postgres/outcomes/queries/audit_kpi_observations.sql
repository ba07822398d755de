-- The KPI observations of store ?1 (of every store when NULL), as the KPI series should hold
-- them: store_id, outcome_id, subject, day, value, by subject then day.
SELECT store_id, outcome_id, subject, day, value FROM outcome_kpi
WHERE ?1::bigint IS NULL OR store_id = ?1
ORDER BY store_id, outcome_id, subject, day;
