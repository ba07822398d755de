-- The last seq of store $1.
SELECT COALESCE(MAX(seq), 0) FROM statements WHERE store_id = $1;
