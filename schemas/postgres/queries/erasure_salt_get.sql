-- The database's erasure salt; no row before the first erasure.
SELECT salt FROM erasure_salt WHERE id = 1;
