-- A row when migration $2 of plugin $1 has been applied.
SELECT 1 FROM extension_migrations WHERE owner = $1 AND name = $2;
