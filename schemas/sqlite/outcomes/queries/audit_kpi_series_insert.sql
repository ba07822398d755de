-- Rebuilds the KPI series of subject ?3 of outcome ?2 of store ?1 from its observations, as the
-- triggers of migration 005_kpi_series.sql do (nothing when it has none).
INSERT INTO outcome_kpi_series (store_id, outcome_id, subject, observations, last_day, series)
SELECT ?1, ?2, ?3, count(*), max(day), group_concat(day || ':' || printf('%!.17g', value), ';')
FROM (SELECT day, value FROM outcome_kpi INDEXED BY outcome_kpi_by_subject
      WHERE store_id = ?1 AND outcome_id = ?2 AND subject = ?3
      ORDER BY day)
HAVING count(*) > 0;
