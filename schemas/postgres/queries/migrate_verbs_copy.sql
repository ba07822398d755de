-- migrate: copies the verbs of the JSON array $1 (objects named by column).
INSERT INTO verbs (store_id, verb_id, verb_sha, display)
SELECT r.store_id, r.verb_id, sha256(convert_to(r.verb_id, 'UTF8')), r.display
FROM json_to_recordset($1::json) AS r (store_id bigint, verb_id text, display text);
