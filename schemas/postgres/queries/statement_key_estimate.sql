-- How many statements in seq window ($3, $4) carry key $1 with a flag in $2, counted up to $5.
-- Used to pick the most selective filter to drive a query.
SELECT count(*) FROM (
  SELECT 1 FROM statement_index
  WHERE key_id = $1 AND (flags & $2) <> 0 AND seq > $3 AND seq < $4
  LIMIT $5
) AS counted;
