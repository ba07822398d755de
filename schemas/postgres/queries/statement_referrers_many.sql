-- Statements in store $1 whose object is a StatementRef to one of the ids of the array $2, whether
-- each voids it, and which id it targets. (IS NOT NULL lets a generic plan use the partial index
-- statements_by_ref.)
SELECT seq, statement_id, terms, is_voiding, ref_target FROM statements
WHERE store_id = $1 AND ref_target = ANY ($2::text[]) AND ref_target IS NOT NULL;
