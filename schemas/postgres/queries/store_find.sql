-- The store named $1.
SELECT id FROM stores WHERE name = $1;
