-- The content type and data stored under hash $2 in store $1.
SELECT content_type, content FROM attachments WHERE store_id = $1 AND sha2 = $2;
