-- The migrations of plugins applied to this database, by plugin.
SELECT owner, name FROM extension_migrations ORDER BY owner, name;
