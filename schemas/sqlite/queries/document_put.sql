-- Stores document ?6 (replacing any with the same key): content type ?7, contents ?8, ETag ?9,
-- written at ?10.
INSERT INTO documents (store_id, kind, activity_id, agent_key, registration, document_id,
                       content_type, contents, etag, updated_us)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
ON CONFLICT (store_id, kind, activity_id, agent_key, registration, document_id) DO UPDATE
SET content_type = excluded.content_type, contents = excluded.contents, etag = excluded.etag,
    updated_us = excluded.updated_us;
