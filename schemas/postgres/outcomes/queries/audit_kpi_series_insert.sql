-- Rebuilds the KPI series of subject ?3 of outcome ?2 of store ?1 from its observations, as the
-- triggers of migration 005_kpi_series.sql do (nothing when it has none).
-- (The row, deleted before, built again by the function of migration 005_kpi_series.)
SELECT outcome_kpi_series_rebuild(?1::bigint, ?2::text, sha256(convert_to(?3::text, 'UTF8')));
