-- Interns value ?3 of kind ?2 in store ?1; its id is the new rowid.
INSERT INTO index_keys (store_id, kind, value) VALUES (?1, ?2, ?3);
