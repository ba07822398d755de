-- migrate: how far each table was copied, and from which source.
SELECT table_name, source, after_key, copied, done FROM migrate_progress ORDER BY table_name;
