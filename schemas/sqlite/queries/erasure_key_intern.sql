-- Interns agent key ?2 (index kind 1) in store ?1 unless it is interned already.
INSERT INTO index_keys (store_id, kind, value) VALUES (?1, 1, ?2) ON CONFLICT DO NOTHING;
