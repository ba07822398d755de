-- Adds a credential; nothing when its key exists (0 rows: the caller reports the conflict).
INSERT INTO credentials (store_id, api_key, secret_hash, salt, iterations, scopes, name, authority, created)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (api_key) DO NOTHING;
