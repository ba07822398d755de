-- migrate: copies the stores of the JSON array $1 (objects named by column), keeping their ids;
-- the default store the first migration created takes the source's name, creation time and state.
INSERT INTO stores (id, name, created, disabled)
SELECT r.id, r.name, r.created, r.disabled
FROM json_to_recordset($1::json) AS r (id bigint, name text, created text, disabled text)
ON CONFLICT (id) DO UPDATE
SET name = excluded.name, created = excluded.created, disabled = excluded.disabled;
