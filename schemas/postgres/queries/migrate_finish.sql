-- migrate, after the last row is copied (idempotent): every identity continues after the ids
-- copied, and the commit clock stands at the latest "stored" time copied, so statements stored
-- later get later times and X-Experience-API-Consistent-Through never goes back. Run with the
-- simple query protocol (two statements).
SELECT setval(pg_get_serial_sequence('stores', 'id'),
              (SELECT COALESCE(max(id), 0) + 1 FROM stores), false),
       setval(pg_get_serial_sequence('credentials', 'id'),
              (SELECT COALESCE(max(id), 0) + 1 FROM credentials), false),
       setval(pg_get_serial_sequence('statements', 'seq'),
              (SELECT COALESCE(max(seq), 0) + 1 FROM statements), false),
       setval(pg_get_serial_sequence('index_keys', 'id'),
              (SELECT COALESCE(max(id), 0) + 1 FROM index_keys), false),
       setval(pg_get_serial_sequence('documents', 'id'),
              (SELECT COALESCE(max(id), 0) + 1 FROM documents), false),
       setval(pg_get_serial_sequence('admin_audit', 'id'),
              (SELECT COALESCE(max(id), 0) + 1 FROM admin_audit), false),
       setval(pg_get_serial_sequence('jobs', 'seq'),
              (SELECT COALESCE(max(seq), 0) + 1 FROM jobs), false);
UPDATE commit_clock
SET last_stored_us = GREATEST(last_stored_us, (SELECT COALESCE(max(stored_us), 0) FROM statements))
WHERE id = 1;
