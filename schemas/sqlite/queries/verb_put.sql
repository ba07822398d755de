-- Sets the canonical display of verb ?2 in store ?1.
INSERT INTO verbs (store_id, verb_id, display) VALUES (?1, ?2, ?3)
ON CONFLICT (store_id, verb_id) DO UPDATE SET display = excluded.display;
