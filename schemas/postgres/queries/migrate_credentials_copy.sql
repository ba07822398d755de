-- migrate: copies the credentials of the JSON array $1 (objects named by column, bytes in hex),
-- keeping their ids and hashes as stored.
INSERT INTO credentials (id, store_id, api_key, secret_hash, salt, iterations, scopes, name,
                         authority, created, revoked)
OVERRIDING SYSTEM VALUE
SELECT r.id, r.store_id, r.api_key, decode(r.secret_hash, 'hex'), decode(r.salt, 'hex'),
       r.iterations, r.scopes, r.name, r.authority, r.created, r.revoked
FROM json_to_recordset($1::json) AS r (id bigint, store_id bigint, api_key text,
                                       secret_hash text, salt text, iterations integer,
                                       scopes text, name text, authority text, created text,
                                       revoked text);
