-- migrate: series whose subject_sha is not the SHA-256 of their subject (0 after a good copy).
SELECT count(*) FROM outcome_kpi_series WHERE subject_sha <> sha256(convert_to(subject, 'UTF8'));
