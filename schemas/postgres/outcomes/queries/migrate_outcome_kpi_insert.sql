-- migrate: inserts the KPI observations of the JSON array ?1 (objects named by column; values
-- as JSON numbers that read back as the same doubles), with the SHA-256 of each subject. The
-- trigger outcome_kpi_series_sync builds outcome_kpi_series from them as it does for any
-- observation, so the series are not copied (migrate verifies them against SQLite's).
INSERT INTO outcome_kpi (store_id, outcome_id, day, subject, subject_sha, value, agent, team,
                         recorded)
SELECT r.store_id, r.outcome_id, r.day, r.subject, sha256(convert_to(r.subject, 'UTF8')),
       r.value, r.agent, r.team, r.recorded
FROM json_to_recordset(?1::json) AS r (store_id bigint, outcome_id text, day bigint,
                                       subject text, value double precision, agent text,
                                       team text, recorded text);
