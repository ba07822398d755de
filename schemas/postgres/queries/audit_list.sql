-- Audit entries newest first: of store $1 (every store when NULL), with id below $2 (no bound
-- when NULL), at most $3.
SELECT a.id, a.time, a.store_id, s.name, a.actor, a.action, a.target, a.detail
FROM admin_audit AS a JOIN stores AS s ON s.id = a.store_id
WHERE ($1::bigint IS NULL OR a.store_id = $1) AND ($2::bigint IS NULL OR a.id < $2)
ORDER BY a.id DESC
LIMIT $3;
