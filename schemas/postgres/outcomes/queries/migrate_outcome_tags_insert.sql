-- migrate: inserts the tags of the JSON array ?1 (objects named by column).
INSERT INTO outcome_tags
  (outcome_key, seq, rule, stored_us, timestamp_us, learner, completed, scaled)
SELECT r.outcome_key, r.seq, r.rule, r.stored_us, r.timestamp_us, r.learner, r.completed,
       r.scaled
FROM json_to_recordset(?1::json) AS r (outcome_key bigint, seq bigint, rule text,
                                       stored_us bigint, timestamp_us bigint, learner bigint,
                                       completed integer, scaled double precision);
