-- The interned id of value $3 of kind $2 in store $1.
SELECT id FROM index_keys
WHERE store_id = $1 AND kind = $2 AND value_sha = sha256(convert_to($3, 'UTF8')) AND value = $3;
