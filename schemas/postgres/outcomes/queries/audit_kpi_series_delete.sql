-- Removes the KPI series of subject ?3 of outcome ?2 of store ?1 (before it is rebuilt).
DELETE FROM outcome_kpi_series
WHERE store_id = ?1 AND outcome_id = ?2 AND subject_sha = sha256(convert_to(?3, 'UTF8'));
