-- migrate: copies the activities of the JSON array $1 (objects named by column).
INSERT INTO activities (store_id, activity_id, activity_sha, definition)
SELECT r.store_id, r.activity_id, sha256(convert_to(r.activity_id, 'UTF8')), r.definition
FROM json_to_recordset($1::json) AS r (store_id bigint, activity_id text, definition text);
