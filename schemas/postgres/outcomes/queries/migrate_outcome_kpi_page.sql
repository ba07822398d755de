-- migrate (verifying the copy made from SQLite): the KPI observations after (store_id ?1,
-- outcome_id ?2, day ?3, subject ?4), in key order (texts COLLATE "C"), at most ?5.
SELECT store_id, outcome_id, day, subject, value, agent, team, recorded
FROM outcome_kpi WHERE (store_id, outcome_id, day, subject) > (?1, ?2, ?3, ?4)
ORDER BY store_id, outcome_id, day, subject LIMIT ?5;
