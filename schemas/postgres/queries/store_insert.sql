-- Creates store $1 unless it exists (another process may create it at the same moment).
INSERT INTO stores (name, created) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING;
