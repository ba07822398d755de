-- migrate: copies the attachments of the JSON array $1 (objects named by column, bytes in hex).
INSERT INTO attachments (store_id, sha2, content_type, content)
SELECT r.store_id, r.sha2, r.content_type, decode(r.content, 'hex')
FROM json_to_recordset($1::json) AS r (store_id bigint, sha2 text, content_type text,
                                       content text);
