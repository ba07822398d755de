-- The statement at seq $2, when it belongs to store $1.
SELECT body, voided FROM statements WHERE seq = $2 AND store_id = $1;
