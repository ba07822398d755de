-- Records that statement ?2 carries key ?1 with flags ?3, merging flags with an existing entry.
INSERT INTO statement_index (key_id, seq, flags) VALUES (?1, ?2, ?3)
ON CONFLICT (key_id, seq) DO UPDATE SET flags = flags | excluded.flags;
