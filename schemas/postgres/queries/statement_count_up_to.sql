-- How many statements of store $1 have a seq at most $2.
SELECT count(*) FROM statements WHERE store_id = $1 AND seq <= $2;
