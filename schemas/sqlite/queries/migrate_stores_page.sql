-- migrate: stores with id > ?1 in key order, at most ?2.
SELECT id, name, created, disabled FROM stores WHERE id > ?1 ORDER BY id LIMIT ?2;
