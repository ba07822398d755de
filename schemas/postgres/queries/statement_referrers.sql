-- Statements in store $1 whose object is a StatementRef to $2.
SELECT seq, statement_id, terms FROM statements
WHERE store_id = $1 AND ref_target = $2;
