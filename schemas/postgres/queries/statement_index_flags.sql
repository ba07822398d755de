-- The flags with which statement $2 carries key $1 (no row: not carried).
SELECT flags FROM statement_index WHERE key_id = $1 AND seq = $2;
