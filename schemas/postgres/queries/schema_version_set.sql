-- Records that the first $1 migrations are applied.
UPDATE schema_version SET version = $1;
