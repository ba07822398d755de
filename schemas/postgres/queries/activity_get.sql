-- The canonical definition of activity $2 in store $1.
SELECT definition FROM activities
WHERE store_id = $1 AND activity_sha = sha256(convert_to($2, 'UTF8')) AND activity_id = $2;
