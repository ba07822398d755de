-- The impact estimate: the observations of outcome ?2 of store ?1 whose subject lies in [?3, ?4)
-- (see impact_kpi_exists.sql), from day ?5 to day ?6: subject, day, value, in the primary key's
-- order (day, then subject). The unary + keeps SQLite on the primary key, which holds the value:
-- the subject index would need a look-up in the table for every row.
SELECT subject, day, value FROM outcome_kpi
WHERE store_id = ?1 AND outcome_id = ?2 AND day >= ?5 AND day <= ?6
  AND +subject >= ?3 AND +subject < ?4;
