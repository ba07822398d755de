-- migrate: activities with (store_id, activity_id) > (?1, ?2) in key (byte) order, at most ?3.
SELECT store_id, activity_id, definition FROM activities
WHERE (store_id, activity_id) > (?1, ?2) ORDER BY store_id, activity_id LIMIT ?3;
