-- migrate: documents with id > ?1 in key order, at most ?2.
SELECT id, store_id, kind, activity_id, agent_key, registration, document_id, content_type,
       contents, etag, updated_us
FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2;
