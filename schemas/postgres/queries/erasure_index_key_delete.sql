-- Deletes interned index key $1 (no statement carries it any more).
DELETE FROM index_keys WHERE id = $1;
