-- Whether a statement of store ?1 still names attachment hash ?2 (a lower-case hex SHA-2, too
-- long to occur by chance): one row when it does.
SELECT 1 FROM statements WHERE store_id = ?1 AND instr(body, ?2) > 0 LIMIT 1;
