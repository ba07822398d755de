-- Whether the block entry ?2 (salted hash) of store ?1 refuses statements: one row when it does.
SELECT 1 FROM erased_agents WHERE store_id = ?1 AND key_hash = ?2 AND blocked <> 0;
