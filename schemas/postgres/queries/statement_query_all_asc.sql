-- Statements of store $1 (oldest first), not voided, in seq window ($2, $3). At most $4 rows.
SELECT seq, statement_id, stored_us, body, xapi_version
FROM statements
WHERE store_id = $1 AND NOT voided AND seq > $2 AND seq < $3
ORDER BY seq ASC
LIMIT $4;
