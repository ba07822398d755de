-- Gives store ?1 the signing key ?2 (made at ?3) unless it has one already.
INSERT INTO outcome_embed_keys (store_id, key, created) VALUES (?1, ?2, ?3)
ON CONFLICT (store_id) DO NOTHING;
