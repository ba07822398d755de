-- Statements of store $1 (newest first), not voided, in seq window ($2, $3). At most $4 rows.
SELECT seq, statement_id, stored_us, body, xapi_version
FROM statements
WHERE store_id = $1 AND NOT voided AND seq > $2 AND seq < $3
ORDER BY seq DESC
LIMIT $4;
