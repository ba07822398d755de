-- migrate: copies the statement index rows of the JSON array $1 (objects named by column).
INSERT INTO statement_index (key_id, seq, flags)
SELECT r.key_id, r.seq, r.flags
FROM json_to_recordset($1::json) AS r (key_id bigint, seq bigint, flags integer);
