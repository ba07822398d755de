-- migrate: attachments with (store_id, sha2) > ($1, $2) in key order, text in byte order (as
-- SQLite sorts it), at most $3.
SELECT store_id, sha2, content_type, content FROM attachments
WHERE store_id > $1 OR (store_id = $1 AND sha2 COLLATE "C" > $2::text)
ORDER BY store_id, sha2 COLLATE "C" LIMIT $3;
