-- Document $6 of kind $2 in store $1, context (activity $3, agent $4, registration $5 or '').
SELECT content_type, contents, etag, updated_us
FROM documents
WHERE store_id = $1 AND kind = $2
  AND key_sha = sha256(sha256(convert_to($3, 'UTF8')) || sha256(convert_to($4, 'UTF8'))
                      || sha256(convert_to($5, 'UTF8')) || sha256(convert_to($6, 'UTF8')))
  AND activity_id = $3 AND agent_key = $4 AND registration = $5 AND document_id = $6;
