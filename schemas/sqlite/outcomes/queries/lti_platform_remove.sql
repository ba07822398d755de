-- Removes platform ?2 of store ?1 (nothing when it is another store's).
DELETE FROM lti_platforms WHERE store_id = ?1 AND id = ?2;
