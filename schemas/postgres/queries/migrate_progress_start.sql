-- migrate: starts the copy of table $1 from source $2.
INSERT INTO migrate_progress (table_name, source) VALUES ($1, $2);
