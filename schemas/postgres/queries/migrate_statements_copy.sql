-- migrate: copies the statements of the JSON array $1 (objects named by column), keeping their
-- seq, stored time, voided state, index terms and body as stored.
INSERT INTO statements (seq, store_id, statement_id, stored_us, voided, is_voiding, ref_target,
                        terms, body, xapi_version)
OVERRIDING SYSTEM VALUE
SELECT r.seq, r.store_id, r.statement_id, r.stored_us, r.voided <> 0, r.is_voiding <> 0,
       r.ref_target, r.terms, r.body, r.xapi_version
FROM json_to_recordset($1::json) AS r (seq bigint, store_id bigint, statement_id text,
                                       stored_us bigint, voided integer, is_voiding integer,
                                       ref_target text, terms text, body text,
                                       xapi_version text);
