-- migrate: inserts the tag log rows of the JSON array ?1 (objects named by column).
INSERT INTO outcome_tag_log
  (seq, outcome_key, rule, stored_us, timestamp_us, agent, completed, scaled)
SELECT r.seq, r.outcome_key, r.rule, r.stored_us, r.timestamp_us, r.agent, r.completed, r.scaled
FROM json_to_recordset(?1::json) AS r (seq bigint, outcome_key bigint, rule text,
                                       stored_us bigint, timestamp_us bigint, agent text,
                                       completed integer, scaled double precision);
