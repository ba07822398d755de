-- Records that statement $2 carries each key of the array $1 with the flags at the same position
-- of the array $3, merging flags with existing entries.
INSERT INTO statement_index (key_id, seq, flags)
SELECT key_id, $2, flags FROM unnest($1::bigint[], $3::integer[]) AS t (key_id, flags)
ON CONFLICT (key_id, seq) DO UPDATE SET flags = statement_index.flags | excluded.flags;
