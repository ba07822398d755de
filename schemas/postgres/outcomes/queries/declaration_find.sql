-- The live declaration of outcome ?2 in store ?1.
SELECT key, store_id, outcome_id, document, fingerprint, created, updated, tagging_state, tagging_until, tagging_cursor, tagging_total, tagging_processed
FROM outcome_declarations
WHERE store_id = ?1 AND outcome_id = ?2 AND tagging_state != 'deleted';
