-- A row when store $1 holds a voiding statement whose target is $2.
SELECT 1 FROM statements
WHERE store_id = $1 AND ref_target = $2 AND is_voiding
LIMIT 1;
