-- The interned id of value $3 of kind $2 in store $1, inserted when new. (No row only when
-- another transaction inserted it at the same moment: the statement is then run again.)
WITH inserted AS (
  INSERT INTO index_keys (store_id, kind, value, value_sha)
  VALUES ($1, $2, $3, sha256(convert_to($3, 'UTF8')))
  ON CONFLICT (store_id, kind, value_sha) DO NOTHING
  RETURNING id
)
SELECT id FROM inserted
UNION ALL
SELECT id FROM index_keys
WHERE store_id = $1 AND kind = $2 AND value_sha = sha256(convert_to($3, 'UTF8')) AND value = $3
LIMIT 1;
