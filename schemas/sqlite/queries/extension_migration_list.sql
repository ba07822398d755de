-- Every plugin migration applied to this database: owner (the plugin), name, when, in order.
SELECT owner, name, applied FROM extension_migrations ORDER BY owner, name;
