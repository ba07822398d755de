-- Replaces the recorded index terms of statement $1 with $2, and records in the index that it
-- carries each key of the array $3 with the flags at the same position of the array $4 (merged
-- with existing entries).
WITH updated AS (
  UPDATE statements SET terms = $2 WHERE seq = $1
)
INSERT INTO statement_index (key_id, seq, flags)
SELECT key_id, $1, flags FROM unnest($3::bigint[], $4::integer[]) AS t (key_id, flags)
ON CONFLICT (key_id, seq) DO UPDATE SET flags = statement_index.flags | excluded.flags;
