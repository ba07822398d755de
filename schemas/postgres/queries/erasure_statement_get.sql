-- Statement $1 as an erasure reads it: id, body, terms, is_voiding.
SELECT statement_id, body, terms, is_voiding FROM statements WHERE seq = $1;
