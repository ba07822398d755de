-- migrate: statement index rows with (key_id, seq) > (?1, ?2) in key order, at most ?3.
SELECT key_id, seq, flags FROM statement_index
WHERE (key_id, seq) > (?1, ?2) ORDER BY key_id, seq LIMIT ?3;
