-- Statements in store $1 whose object is a StatementRef to $2, and whether each voids it.
SELECT seq, statement_id, terms, is_voiding FROM statements
WHERE store_id = $1 AND ref_target = $2;
