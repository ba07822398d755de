-- The store named $1: id, name, created, disabled (NULL while enabled).
SELECT id, name, created, disabled FROM stores WHERE name = $1;
