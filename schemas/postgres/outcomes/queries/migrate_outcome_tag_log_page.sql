-- migrate (verifying the copy made from SQLite): the tag log after
-- (seq ?1, outcome_key ?2), in key order, at most ?3 (a server on the copy folds it).
SELECT seq, outcome_key, rule, stored_us, timestamp_us, agent, completed, scaled
FROM outcome_tag_log WHERE (seq, outcome_key) > (?1, ?2) ORDER BY seq, outcome_key LIMIT ?3;
