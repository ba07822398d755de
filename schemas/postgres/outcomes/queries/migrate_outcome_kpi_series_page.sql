-- migrate (verifying the copy made from SQLite): the series after (store_id ?1, outcome_id ?2,
-- subject ?3), in key order (texts COLLATE "C"), at most ?4. Their values are written as
-- PostgreSQL writes doubles; migrate compares them with SQLite's as numbers.
SELECT store_id, outcome_id, subject, observations, last_day, series
FROM outcome_kpi_series WHERE (store_id, outcome_id, subject) > (?1, ?2, ?3)
ORDER BY store_id, outcome_id, subject LIMIT ?4;
