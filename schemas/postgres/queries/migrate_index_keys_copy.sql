-- migrate: copies the index keys of the JSON array $1 (objects named by column), keeping their
-- ids (the statements' terms name them).
INSERT INTO index_keys (id, store_id, kind, value, value_sha)
OVERRIDING SYSTEM VALUE
SELECT r.id, r.store_id, r.kind, r.value, sha256(convert_to(r.value, 'UTF8'))
FROM json_to_recordset($1::json) AS r (id bigint, store_id bigint, kind smallint, value text);
