-- Records that migration $2 of plugin $1 was applied at $3.
INSERT INTO extension_migrations (owner, name, applied) VALUES ($1, $2, $3);
