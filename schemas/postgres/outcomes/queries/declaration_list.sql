-- The live declarations of store ?1, by id.
SELECT key, store_id, outcome_id, document, fingerprint, created, updated, tagging_state, tagging_until, tagging_cursor, tagging_total, tagging_processed
FROM outcome_declarations
WHERE store_id = ?1 AND tagging_state != 'deleted'
ORDER BY outcome_id;
