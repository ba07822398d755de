-- migrate (verifying the copy made from SQLite): the keys that sign
-- dashboard links, of stores with id > ?1, at most ?2 (links issued before the move stay valid).
SELECT store_id, key, created FROM outcome_embed_keys WHERE store_id > ?1 ORDER BY store_id
LIMIT ?2;
