-- The observations of outcome ?2 of store ?1 from day ?3 to day ?4, by date and subject.
SELECT day, subject, value, agent, team FROM outcome_kpi
WHERE store_id = ?1 AND outcome_id = ?2 AND day >= ?3 AND day <= ?4
ORDER BY day, subject;
