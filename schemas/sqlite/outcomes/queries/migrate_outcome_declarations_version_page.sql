-- migrate (outcome-lrs migrate copies this SQLite database into PostgreSQL): the declarations'
-- version row (id 1) if its id > ?1, at most ?2 rows.
SELECT id, version FROM outcome_declarations_version WHERE id > ?1 ORDER BY id LIMIT ?2;
