-- migrate: per table, the rows whose hash columns (what the PostgreSQL backend looks rows up by)
-- do not match their text as the backend's queries compute them: none after a good copy.
SELECT 'index_keys', count(*) FROM index_keys
WHERE value_sha <> sha256(convert_to(value, 'UTF8'))
UNION ALL
SELECT 'activities', count(*) FROM activities
WHERE activity_sha <> sha256(convert_to(activity_id, 'UTF8'))
UNION ALL
SELECT 'verbs', count(*) FROM verbs WHERE verb_sha <> sha256(convert_to(verb_id, 'UTF8'))
UNION ALL
SELECT 'agent_names', count(*) FROM agent_names
WHERE agent_sha <> sha256(convert_to(agent_key, 'UTF8'))
   OR name_sha <> sha256(convert_to(name, 'UTF8'))
UNION ALL
SELECT 'documents', count(*) FROM documents
WHERE context_sha <> sha256(sha256(convert_to(activity_id, 'UTF8'))
                            || sha256(convert_to(agent_key, 'UTF8')))
   OR key_sha <> sha256(sha256(convert_to(activity_id, 'UTF8'))
                        || sha256(convert_to(agent_key, 'UTF8'))
                        || sha256(convert_to(registration, 'UTF8'))
                        || sha256(convert_to(document_id, 'UTF8')));
