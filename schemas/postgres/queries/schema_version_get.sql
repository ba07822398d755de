-- The number of migrations applied.
SELECT version FROM schema_version;
