-- The ids of the documents of kind $2 in store $1 for activity $3 and agent $4, of registration
-- $5 (any when NULL), written after $6 (any time when NULL), with the latest write of each.
SELECT document_id, MAX(updated_us)
FROM documents
WHERE store_id = $1 AND kind = $2
  AND context_sha = sha256(sha256(convert_to($3, 'UTF8')) || sha256(convert_to($4, 'UTF8')))
  AND activity_id = $3 AND agent_key = $4
  AND ($5::text IS NULL OR registration = $5) AND ($6::bigint IS NULL OR updated_us > $6)
GROUP BY document_id
ORDER BY document_id;
