-- What a dashboard reads of the observations of outcome ?2 of store ?1 from day ?3 on: the
-- series (migration 005_kpi_series.sql) of each subject with an observation at or after day ?3,
-- (subject, series), by subject. One row per subject rather than per observation.
SELECT subject, series FROM outcome_kpi_series
WHERE store_id = ?1 AND outcome_id = ?2 AND last_day >= ?3;
