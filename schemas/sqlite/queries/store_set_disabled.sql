-- Disables store ?1 at time ?2, or enables it when ?2 is NULL; returns its id when the
-- store exists.
UPDATE stores SET disabled = ?2 WHERE id = ?1 RETURNING id;
