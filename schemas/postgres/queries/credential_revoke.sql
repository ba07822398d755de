-- Revokes the active credential with key $1 at time $2.
UPDATE credentials SET revoked = $2 WHERE api_key = $1 AND revoked IS NULL;
