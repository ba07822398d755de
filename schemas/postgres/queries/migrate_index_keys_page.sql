-- migrate: index keys with id > $1 in key order, at most $2.
SELECT id, store_id, kind, value FROM index_keys WHERE id > $1 ORDER BY id LIMIT $2;
