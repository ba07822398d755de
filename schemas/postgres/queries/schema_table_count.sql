-- How many tables the current schema holds, and whether one is the LRS's schema_version.
SELECT count(*), bool_or(tablename = 'schema_version')
FROM pg_catalog.pg_tables
WHERE schemaname = current_schema();
