-- migrate (verifying a copy of this SQLite database in PostgreSQL, where the series are made by
-- a trigger from the observations copied): the series after (store_id ?1, outcome_id ?2,
-- subject ?3), in key order (texts in byte order), at most ?4.
SELECT store_id, outcome_id, subject, observations, last_day, series
FROM outcome_kpi_series WHERE (store_id, outcome_id, subject) > (?1, ?2, ?3)
ORDER BY store_id, outcome_id, subject LIMIT ?4;
