-- The first tagged statement and first completion of learner ?2 (an ordinal) in generation ?1,
-- and how many tags they have, read from the tags (after voiding removed the statement that set
-- one of them). Scans the generation's tags: voiding a learner's first or completing statement
-- is rare.
SELECT MIN(timestamp_us), MIN(CASE WHEN completed = 1 THEN timestamp_us END), COUNT(*)
FROM outcome_tags WHERE outcome_key = ?1 AND learner = ?2;
