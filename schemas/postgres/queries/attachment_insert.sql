-- Stores data $4 (content type $3) under hash $2 in store $1, unless that hash is stored already.
INSERT INTO attachments (store_id, sha2, content_type, content) VALUES ($1, $2, $3, $4)
ON CONFLICT (store_id, sha2) DO NOTHING;
