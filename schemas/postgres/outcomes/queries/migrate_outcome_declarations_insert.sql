-- migrate: inserts the generations of the JSON array ?1 (objects named by column) with their
-- keys as SQLite holds them.
INSERT INTO outcome_declarations
  (key, store_id, outcome_id, document, fingerprint, created, updated, tagging_state,
   tagging_until, tagging_cursor, tagging_total, tagging_processed)
OVERRIDING SYSTEM VALUE
SELECT r.key, r.store_id, r.outcome_id, r.document, r.fingerprint, r.created, r.updated,
       r.tagging_state, r.tagging_until, r.tagging_cursor, r.tagging_total, r.tagging_processed
FROM json_to_recordset(?1::json) AS r (key bigint, store_id bigint, outcome_id text,
                                       document text, fingerprint text, created text,
                                       updated text, tagging_state text, tagging_until bigint,
                                       tagging_cursor bigint, tagging_total bigint,
                                       tagging_processed bigint);
