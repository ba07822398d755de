-- The statement with id $2 in store $1, if any.
SELECT seq, stored_us, voided, is_voiding, terms, body, xapi_version
FROM statements
WHERE store_id = $1 AND statement_id = $2;
