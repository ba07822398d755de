-- Records an administrative action: time, store, actor, action, target, detail (JSON).
INSERT INTO admin_audit (time, store_id, actor, action, target, detail)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
RETURNING id;
