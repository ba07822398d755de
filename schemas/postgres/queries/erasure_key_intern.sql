-- Interns agent key $2 (index kind 1) in store $1 unless it is interned already.
INSERT INTO index_keys (store_id, kind, value, value_sha)
VALUES ($1, 1, $2, sha256(convert_to($2, 'UTF8')))
ON CONFLICT (store_id, kind, value_sha) DO NOTHING;
