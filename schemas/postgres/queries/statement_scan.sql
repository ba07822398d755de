-- Statements of store $1 with seq in ($2, $3], oldest first, at most $4.
SELECT seq, statement_id, stored_us, voided, body
FROM statements
WHERE store_id = $1 AND seq > $2 AND seq <= $3
ORDER BY seq
LIMIT $4;
