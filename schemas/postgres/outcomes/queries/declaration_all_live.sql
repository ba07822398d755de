-- Every live declaration, of every store.
SELECT key, store_id, outcome_id, document, fingerprint, created, updated, tagging_state, tagging_until, tagging_cursor, tagging_total, tagging_processed
FROM outcome_declarations
WHERE tagging_state != 'deleted'
ORDER BY store_id, outcome_id;
