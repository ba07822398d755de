-- Every credential, or those of the store named ?1 when ?1 is not NULL.
SELECT c.id, c.store_id, s.name, c.api_key, c.secret_hash, c.salt, c.iterations, c.scopes,
       c.name, c.authority, c.created, c.revoked, s.disabled
FROM credentials AS c JOIN stores AS s ON s.id = c.store_id
WHERE ?1 IS NULL OR s.name = ?1
ORDER BY c.id;
