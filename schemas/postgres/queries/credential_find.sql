-- The credential with key $1, with its store's name and when the store was disabled.
SELECT c.id, c.store_id, s.name, c.api_key, c.secret_hash, c.salt, c.iterations, c.scopes,
       c.name, c.authority, c.created, c.revoked, s.disabled
FROM credentials AS c JOIN stores AS s ON s.id = c.store_id
WHERE c.api_key = $1;
