-- migrate: copies the documents of the JSON array $1 (objects named by column, bytes in hex),
-- keeping their ids, ETags and times; the key hashes as queries/document_put.sql computes them.
INSERT INTO documents (id, store_id, kind, activity_id, agent_key, registration, document_id,
                       context_sha, key_sha, content_type, contents, etag, updated_us)
OVERRIDING SYSTEM VALUE
SELECT r.id, r.store_id, r.kind, r.activity_id, r.agent_key, r.registration, r.document_id,
       sha256(sha256(convert_to(r.activity_id, 'UTF8')) || sha256(convert_to(r.agent_key, 'UTF8'))),
       sha256(sha256(convert_to(r.activity_id, 'UTF8')) || sha256(convert_to(r.agent_key, 'UTF8'))
              || sha256(convert_to(r.registration, 'UTF8'))
              || sha256(convert_to(r.document_id, 'UTF8'))),
       r.content_type, decode(r.contents, 'hex'), r.etag, r.updated_us
FROM json_to_recordset($1::json) AS r (id bigint, store_id bigint, kind smallint,
                                       activity_id text, agent_key text, registration text,
                                       document_id text, content_type text, contents text,
                                       etag text, updated_us bigint);
