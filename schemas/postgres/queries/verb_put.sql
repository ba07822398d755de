-- Sets the canonical display of verb $2 in store $1.
INSERT INTO verbs (store_id, verb_id, verb_sha, display)
VALUES ($1, $2, sha256(convert_to($2, 'UTF8')), $3)
ON CONFLICT (store_id, verb_sha) DO UPDATE SET display = excluded.display;
