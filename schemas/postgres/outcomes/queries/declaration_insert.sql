-- A new generation of a declaration; its key is the new rowid.
INSERT INTO outcome_declarations
  (store_id, outcome_id, document, fingerprint, created, updated, tagging_state, tagging_until,
   tagging_cursor, tagging_total, tagging_processed)
VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, 0, ?8, 0);
