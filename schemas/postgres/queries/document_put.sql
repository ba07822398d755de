-- Stores document $6 (replacing any with the same key): content type $7, contents $8, ETag $9,
-- written at $10.
INSERT INTO documents (store_id, kind, activity_id, agent_key, registration, document_id,
                       context_sha, key_sha, content_type, contents, etag, updated_us)
VALUES ($1, $2, $3, $4, $5, $6,
        sha256(sha256(convert_to($3, 'UTF8')) || sha256(convert_to($4, 'UTF8'))),
        sha256(sha256(convert_to($3, 'UTF8')) || sha256(convert_to($4, 'UTF8'))
                      || sha256(convert_to($5, 'UTF8')) || sha256(convert_to($6, 'UTF8'))),
        $7, $8, $9, $10)
ON CONFLICT (store_id, kind, key_sha) DO UPDATE
SET content_type = excluded.content_type, contents = excluded.contents, etag = excluded.etag,
    updated_us = excluded.updated_us;
