-- migrate (verifying the copy made from SQLite): the tags after
-- (outcome_key ?1, seq ?2), in key order, at most ?3.
SELECT outcome_key, seq, rule, stored_us, timestamp_us, learner, completed, scaled
FROM outcome_tags WHERE (outcome_key, seq) > (?1, ?2) ORDER BY outcome_key, seq LIMIT ?3;
