-- Records an observation of outcome ?2 of store ?1, replacing one of the same day and subject.
INSERT INTO outcome_kpi (store_id, outcome_id, day, subject, subject_sha, value, agent, team,
                         recorded)
VALUES (?1, ?2, ?3, ?4, sha256(convert_to(?4, 'UTF8')), ?5, ?6, ?7, ?8)
ON CONFLICT (store_id, outcome_id, day, subject_sha) DO UPDATE SET
  value = excluded.value, agent = excluded.agent, team = excluded.team,
  recorded = excluded.recorded;
