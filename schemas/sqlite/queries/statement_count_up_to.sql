-- How many statements of store ?1 have a seq at most ?2.
SELECT COUNT(*) FROM statements WHERE store_id = ?1 AND seq <= ?2;
