-- migrate: credentials with id > ?1 in key order, at most ?2.
SELECT id, store_id, api_key, secret_hash, salt, iterations, scopes, name, authority, created,
       revoked
FROM credentials WHERE id > ?1 ORDER BY id LIMIT ?2;
