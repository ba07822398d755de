-- migrate (outcome-lrs migrate copies this SQLite database into PostgreSQL): the daily rollups
-- after (outcome_key ?1, day ?2), in key order, at most ?3.
SELECT outcome_key, day, statements, scored, scaled_micros, learners
FROM outcome_daily WHERE (outcome_key, day) > (?1, ?2) ORDER BY outcome_key, day LIMIT ?3;
