-- How many statements generation ?1 tags.
SELECT COUNT(*) FROM outcome_tags WHERE outcome_key = ?1;
