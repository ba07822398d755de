-- Deletes statement $1 (its index entries are deleted one by one, erasure_index_delete).
DELETE FROM statements WHERE seq = $1;
