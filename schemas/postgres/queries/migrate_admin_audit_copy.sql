-- migrate: copies the audit entries of the JSON array $1 (objects named by column), keeping
-- their ids.
INSERT INTO admin_audit (id, time, store_id, actor, action, target, detail)
OVERRIDING SYSTEM VALUE
SELECT r.id, r.time, r.store_id, r.actor, r.action, r.target, r.detail
FROM json_to_recordset($1::json) AS r (id bigint, time text, store_id bigint, actor text,
                                       action text, target text, detail text);
