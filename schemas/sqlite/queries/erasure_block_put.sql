-- Records the block entry ?2 (salted hash) of store ?1: blocked ?3 (0 or 1), erased at ?4.
INSERT INTO erased_agents (store_id, key_hash, blocked, erased) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (store_id, key_hash) DO UPDATE SET blocked = excluded.blocked, erased = excluded.erased;
