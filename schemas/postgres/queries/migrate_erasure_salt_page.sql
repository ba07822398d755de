-- migrate: the erasure salt rows with id > $1 in key order, at most $2.
SELECT id, salt FROM erasure_salt WHERE id > $1::bigint ORDER BY id LIMIT $2;
