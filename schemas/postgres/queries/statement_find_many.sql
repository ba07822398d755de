-- The statements of store $1 whose ids are among the array $2.
SELECT seq, stored_us, voided, is_voiding, terms, body, statement_id
FROM statements
WHERE store_id = $1 AND statement_id = ANY ($2::text[]);
