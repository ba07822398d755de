-- migrate: audit entries with id > $1 in key order, at most $2.
SELECT id, time, store_id, actor, action, target, detail
FROM admin_audit WHERE id > $1 ORDER BY id LIMIT $2;
