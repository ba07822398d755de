-- The impact estimate: the observation series (migration 005_kpi_series.sql) of outcome ?2 of
-- store ?1 whose subject lies in [?3, ?4) (see impact_kpi_exists.sql): subject, series, by
-- subject.
SELECT subject, series FROM outcome_kpi_series
WHERE store_id = ?1 AND outcome_id = ?2 AND subject >= ?3 AND subject < ?4
ORDER BY subject;
