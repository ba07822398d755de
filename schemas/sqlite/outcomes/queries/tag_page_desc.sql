-- Tags of generation ?1 (newest first) with seq < ?2 and stored in (?3, ?4], at most ?5.
SELECT seq, rule FROM outcome_tags
WHERE outcome_key = ?1 AND seq < ?2 AND stored_us > ?3 AND stored_us <= ?4
ORDER BY seq DESC
LIMIT ?5;
