-- Statements (newest first) not voided, in seq window (?3, ?4), carrying the driving key ?1 with a flag
-- in mask ?2, and each further key filter (?5,?6), (?7,?8), (?9,?10), (?11,?12) whose key is
-- not NULL. At most ?13 rows.
SELECT s.seq, s.statement_id, s.stored_us, s.body, s.xapi_version
FROM statement_index AS k
CROSS JOIN statements AS s ON s.seq = k.seq
WHERE k.key_id = ?1 AND (k.flags & ?2) != 0
  AND k.seq > ?3 AND k.seq < ?4
  AND s.voided = 0
  AND (?5 IS NULL OR EXISTS (SELECT 1 FROM statement_index AS f
                             WHERE f.key_id = ?5 AND f.seq = k.seq AND (f.flags & ?6) != 0))
  AND (?7 IS NULL OR EXISTS (SELECT 1 FROM statement_index AS f
                             WHERE f.key_id = ?7 AND f.seq = k.seq AND (f.flags & ?8) != 0))
  AND (?9 IS NULL OR EXISTS (SELECT 1 FROM statement_index AS f
                             WHERE f.key_id = ?9 AND f.seq = k.seq AND (f.flags & ?10) != 0))
  AND (?11 IS NULL OR EXISTS (SELECT 1 FROM statement_index AS f
                              WHERE f.key_id = ?11 AND f.seq = k.seq AND (f.flags & ?12) != 0))
ORDER BY k.seq DESC
LIMIT ?13;
