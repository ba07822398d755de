-- Appends one statement; its seq is the new rowid.
INSERT INTO statements (store_id, statement_id, stored_us, voided, is_voiding, ref_target, terms, body,
                        xapi_version)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);
