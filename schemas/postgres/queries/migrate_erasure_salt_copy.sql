-- migrate: copies the erasure salt of the JSON array $1 (objects named by column, bytes in hex).
INSERT INTO erasure_salt (id, salt)
SELECT r.id, decode(r.salt, 'hex') FROM json_to_recordset($1::json) AS r (id integer, salt text);
