-- migrate (verifying the copy made from SQLite): the declarations' version row (id 1) if its id
-- > ?1 (a bigint: the first page asks after the least one), at most ?2 rows.
SELECT id, version FROM outcome_declarations_version WHERE id > CAST(?1 AS bigint) ORDER BY id
LIMIT ?2;
