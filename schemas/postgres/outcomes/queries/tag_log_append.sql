-- Logs the tag of statement ?1 by outcome generation ?2 (to be folded into outcome_tags).
INSERT INTO outcome_tag_log
  (seq, outcome_key, rule, stored_us, timestamp_us, agent, completed, scaled)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT DO NOTHING;
