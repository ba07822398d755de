-- migrate (outcome-lrs migrate copies this SQLite database into PostgreSQL): the KPI
-- observations after (store_id ?1, outcome_id ?2, day ?3, subject ?4), in key order (texts in
-- byte order), at most ?5. A subject's observations come in day order, so the target's trigger
-- appends each to the subject's series.
SELECT store_id, outcome_id, day, subject, value, agent, team, recorded
FROM outcome_kpi WHERE (store_id, outcome_id, day, subject) > (?1, ?2, ?3, ?4)
ORDER BY store_id, outcome_id, day, subject LIMIT ?5;
