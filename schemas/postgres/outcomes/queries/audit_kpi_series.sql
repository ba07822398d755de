-- The KPI series of store ?1 (of every store when NULL): store_id, outcome_id, subject,
-- observations, series, last_day, by subject.
SELECT store_id, outcome_id, subject, observations, series, last_day FROM outcome_kpi_series
WHERE ?1::bigint IS NULL OR store_id = ?1
ORDER BY store_id, outcome_id, subject;
