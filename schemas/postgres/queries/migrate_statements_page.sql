-- migrate: statements with seq > $1 in stored order, at most $2.
SELECT seq, store_id, statement_id, stored_us, voided, is_voiding, ref_target, terms, body,
       xapi_version
FROM statements WHERE seq > $1 ORDER BY seq LIMIT $2;
