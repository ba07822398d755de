-- The impact estimate in a team view: the observation series of subject ?3 ("agent:IDENTITY" or
-- "team:NAME") of outcome ?2 of store ?1 (none when it has no observation): subject, series.
SELECT subject, series FROM outcome_kpi_series
WHERE store_id = ?1 AND outcome_id = ?2 AND subject_sha = sha256(convert_to(?3, 'UTF8'))
  AND subject = ?3;
