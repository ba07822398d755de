-- The daily rollups of generation ?1 for days ?2 to ?3.
SELECT day, statements, scored, scaled_micros, learners FROM outcome_daily
WHERE outcome_key = ?1 AND day >= ?2 AND day <= ?3
ORDER BY day;
