-- migrate: verbs with (store_id, verb_id) > ($1, $2) in key order, text in byte order (as
-- SQLite sorts it), at most $3.
SELECT store_id, verb_id, display FROM verbs
WHERE store_id > $1 OR (store_id = $1 AND verb_id COLLATE "C" > $2::text)
ORDER BY store_id, verb_id COLLATE "C" LIMIT $3;
