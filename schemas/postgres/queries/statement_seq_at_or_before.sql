-- The last seq of store $1 stored at or before $2 (microseconds). Since stored_us never
-- decreases as seq grows, every later seq was stored after $2.
SELECT seq FROM statements
WHERE store_id = $1 AND stored_us <= $2
ORDER BY stored_us DESC, seq DESC
LIMIT 1;
