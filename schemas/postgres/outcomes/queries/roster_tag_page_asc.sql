-- Tags of generation ?1 (oldest first) with seq > ?2, stored in (?3, ?4], with a timestamp in
-- [?6, ?7), and whose learner's ordinal is in the JSON array ?8, at most ?5. Tags have no index
-- by learner: this walks the generation's tags in seq order (rows of outcome_tags, never
-- statements) until it has ?5 of them.
SELECT seq, rule FROM outcome_tags
WHERE outcome_key = ?1 AND seq > ?2 AND stored_us > ?3 AND stored_us <= ?4
  AND timestamp_us >= ?6 AND timestamp_us < ?7
  AND learner IN (SELECT jsonb_array_elements_text(?8::jsonb)::bigint)
ORDER BY seq ASC
LIMIT ?5;
