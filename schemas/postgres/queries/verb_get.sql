-- The canonical display of verb $2 in store $1.
SELECT display FROM verbs
WHERE store_id = $1 AND verb_sha = sha256(convert_to($2, 'UTF8')) AND verb_id = $2;
