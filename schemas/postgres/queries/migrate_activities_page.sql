-- migrate: activities with (store_id, activity_id) > ($1, $2) in key order, text in byte order
-- (as SQLite sorts it), at most $3.
SELECT store_id, activity_id, definition FROM activities
WHERE store_id > $1 OR (store_id = $1 AND activity_id COLLATE "C" > $2::text)
ORDER BY store_id, activity_id COLLATE "C" LIMIT $3;
