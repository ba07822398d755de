-- Appends statements to store $1, one per position of the arrays $2 (statement_id), $3
-- (stored_us), $4 (voided), $5 (is_voiding), $6 (ref_target, NULL when none), $7 (terms), $8
-- (body) and $9 (xapi_version), in the order of the arrays, so their seqs increase in that
-- order; records in the index that the statement at (1-based) position $10[i] carries key
-- $11[i] with flags $12[i] (each key at most once per statement: the seqs are new, so no
-- entry exists yet and none is checked for). Returns each statement's seq and id.
WITH input AS (
  SELECT *
  FROM unnest($2::text[], $3::bigint[], $4::boolean[], $5::boolean[], $6::text[], $7::text[],
              $8::text[], $9::text[])
       WITH ORDINALITY AS t (statement_id, stored_us, voided, is_voiding, ref_target, terms, body,
                             xapi_version, ord)
), inserted AS (
  INSERT INTO statements (store_id, statement_id, stored_us, voided, is_voiding, ref_target,
                          terms, body, xapi_version)
  SELECT $1, statement_id, stored_us, voided, is_voiding, ref_target, terms, body, xapi_version
  FROM input
  ORDER BY ord
  RETURNING seq, statement_id
), indexed AS (
  INSERT INTO statement_index (key_id, seq, flags)
  SELECT t.key_id, inserted.seq, t.flags
  FROM unnest($10::bigint[], $11::bigint[], $12::integer[]) AS t (ord, key_id, flags)
  JOIN input ON input.ord = t.ord
  JOIN inserted ON inserted.statement_id = input.statement_id
)
SELECT seq, statement_id FROM inserted;
