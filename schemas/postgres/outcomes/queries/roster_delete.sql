-- Forgets the roster of store ?1.
DELETE FROM outcome_roster WHERE store_id = ?1;
