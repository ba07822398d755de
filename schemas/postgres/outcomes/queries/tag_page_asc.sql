-- Tags of generation ?1 (oldest first) with seq > ?2, stored in (?3, ?4] and with a timestamp
-- in [?6, ?7), at most ?5.
SELECT seq, rule FROM outcome_tags
WHERE outcome_key = ?1 AND seq > ?2 AND stored_us > ?3 AND stored_us <= ?4
  AND timestamp_us >= ?6 AND timestamp_us < ?7
ORDER BY seq ASC
LIMIT ?5;
