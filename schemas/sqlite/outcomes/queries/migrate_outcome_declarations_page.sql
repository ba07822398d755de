-- migrate (outcome-lrs migrate copies this SQLite database into PostgreSQL): the generations of
-- declarations with key > ?1, by key, at most ?2.
SELECT key, store_id, outcome_id, document, fingerprint, created, updated, tagging_state,
       tagging_until, tagging_cursor, tagging_total, tagging_processed
FROM outcome_declarations WHERE key > ?1 ORDER BY key LIMIT ?2;
