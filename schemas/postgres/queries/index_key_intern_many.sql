-- The interned ids of the values $3[i] of kinds $2[i] in store $1 (distinct pairs), inserting the
-- new ones: one row (position i, id) per pair. The id is NULL only when another transaction
-- inserted the value at the same moment (the caller then interns it alone, see
-- index_key_intern.sql).
WITH wanted AS (
  SELECT w.ord, w.kind::smallint AS kind, w.value, sha256(convert_to(w.value, 'UTF8')) AS value_sha
  FROM unnest($2::integer[], $3::text[]) WITH ORDINALITY AS w (kind, value, ord)
), inserted AS (
  INSERT INTO index_keys (store_id, kind, value, value_sha)
  SELECT $1, kind, value, value_sha FROM wanted ORDER BY ord
  ON CONFLICT (store_id, kind, value_sha) DO NOTHING
  RETURNING id, kind, value_sha
)
SELECT w.ord, COALESCE(i.id, k.id)
FROM wanted w
LEFT JOIN inserted i ON i.kind = w.kind AND i.value_sha = w.value_sha
LEFT JOIN index_keys k
  ON k.store_id = $1 AND k.kind = w.kind AND k.value_sha = w.value_sha AND k.value = w.value;
