-- The plugins whose migrations were applied to this database, with how many.
SELECT owner, count(*) FROM extension_migrations GROUP BY owner ORDER BY owner;
