-- Sets the canonical definition of activity ?2 in store ?1.
INSERT INTO activities (store_id, activity_id, definition) VALUES (?1, ?2, ?3)
ON CONFLICT (store_id, activity_id) DO UPDATE SET definition = excluded.definition;
