-- migrate: the declarations' version of the JSON array ?1, over the row (1, 0) the migration
-- made.
INSERT INTO outcome_declarations_version (id, version)
SELECT r.id, r.version FROM json_to_recordset(?1::json) AS r (id integer, version bigint)
ON CONFLICT (id) DO UPDATE SET version = excluded.version;
