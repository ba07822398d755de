-- Records that statement $2 carries key $1 with flags $3 (OR-ed into an existing entry).
INSERT INTO statement_index (key_id, seq, flags) VALUES ($1, $2, $3)
ON CONFLICT (key_id, seq) DO UPDATE SET flags = statement_index.flags | excluded.flags;
