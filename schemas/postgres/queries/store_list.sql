-- Every store, in order of creation: id, name, created, disabled (NULL while enabled).
SELECT id, name, created, disabled FROM stores ORDER BY id;
