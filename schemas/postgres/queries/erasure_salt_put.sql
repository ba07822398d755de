-- Stores salt $1 unless the database has one already (the first erasure's wins).
INSERT INTO erasure_salt (id, salt) VALUES (1, $1) ON CONFLICT (id) DO NOTHING;
