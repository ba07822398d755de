-- migrate: attachments with (store_id, sha2) > (?1, ?2) in key (byte) order, at most ?3.
SELECT store_id, sha2, content_type, content FROM attachments
WHERE (store_id, sha2) > (?1, ?2) ORDER BY store_id, sha2 LIMIT ?3;
