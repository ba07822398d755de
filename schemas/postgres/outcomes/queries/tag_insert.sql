-- Tags statement ?2 with outcome generation ?1 (once).
INSERT INTO outcome_tags
  (outcome_key, seq, rule, stored_us, timestamp_us, learner, completed, scaled)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT DO NOTHING;
