-- Appends one statement and records in the index that it carries each key of the array $10 with
-- the flags at the same position of the array $11; returns its seq.
WITH inserted AS (
  INSERT INTO statements (store_id, statement_id, stored_us, voided, is_voiding, ref_target,
                          terms, body, xapi_version)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  RETURNING seq
), indexed AS (
  INSERT INTO statement_index (key_id, seq, flags)
  SELECT t.key_id, inserted.seq, t.flags
  FROM inserted, unnest($10::bigint[], $11::integer[]) AS t (key_id, flags)
  ON CONFLICT (key_id, seq) DO UPDATE SET flags = statement_index.flags | excluded.flags
)
SELECT seq FROM inserted;
