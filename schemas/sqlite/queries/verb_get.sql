-- The canonical display of verb ?2 in store ?1.
SELECT display FROM verbs WHERE store_id = ?1 AND verb_id = ?2;
