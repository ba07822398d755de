-- Document ?6 of kind ?2 in store ?1, context (activity ?3, agent ?4, registration ?5 or '').
SELECT content_type, contents, etag, updated_us
FROM documents
WHERE store_id = ?1 AND kind = ?2 AND activity_id = ?3 AND agent_key = ?4 AND registration = ?5
  AND document_id = ?6;
