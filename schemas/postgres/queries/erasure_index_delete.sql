-- Deletes the index entry of key $1 for statement $2.
DELETE FROM statement_index WHERE key_id = $1 AND seq = $2;
