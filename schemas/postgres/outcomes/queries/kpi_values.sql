-- What a dashboard reads of the observations of outcome ?2 of store ?1 from day ?3 on: the
-- series (migration 005_kpi_series.sql) of each subject with an observation at or after day ?3,
-- (subject, series), in no order (the plugin orders the observations: ListKpiValues). One row
-- per subject rather than per observation: 5,015 rows rather than 15,014 for 5,000 learners,
-- and no number to convert to text (reading the observations took most of PostgreSQL's time
-- in a dashboard).
SELECT subject, series FROM outcome_kpi_series
WHERE store_id = ?1 AND outcome_id = ?2 AND last_day >= ?3;
