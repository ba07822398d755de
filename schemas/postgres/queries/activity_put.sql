-- Sets the canonical definition of activity $2 in store $1.
INSERT INTO activities (store_id, activity_id, activity_sha, definition)
VALUES ($1, $2, sha256(convert_to($2, 'UTF8')), $3)
ON CONFLICT (store_id, activity_sha) DO UPDATE SET definition = excluded.definition;
