-- Deletes the attachment data of store ?1 with hash ?2: one row when there was some.
DELETE FROM attachments WHERE store_id = ?1 AND sha2 = ?2
RETURNING 1;
