-- migrate: copies the stores of the JSON array $1 (objects named by column), keeping their ids;
-- the default store the first migration created takes the source's name and creation time.
INSERT INTO stores (id, name, created)
SELECT r.id, r.name, r.created
FROM json_to_recordset($1::json) AS r (id bigint, name text, created text)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, created = excluded.created;
