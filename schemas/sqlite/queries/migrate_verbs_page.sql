-- migrate: verbs with (store_id, verb_id) > (?1, ?2) in key (byte) order, at most ?3.
SELECT store_id, verb_id, display FROM verbs
WHERE (store_id, verb_id) > (?1, ?2) ORDER BY store_id, verb_id LIMIT ?3;
