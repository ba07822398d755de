-- Replaces the secret of the active credential with key ?1: its hash ?2, salt ?3 and
-- iterations ?4; returns its id when there is one.
UPDATE credentials SET secret_hash = ?2, salt = ?3, iterations = ?4
WHERE api_key = ?1 AND revoked IS NULL
RETURNING id;
