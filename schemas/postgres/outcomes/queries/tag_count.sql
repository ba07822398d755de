-- How many statements generation ?1 tags, from its daily rollups (every tag counts in the
-- day of its statement's timestamp), without reading the tags.
SELECT COALESCE(SUM(statements), 0) FROM outcome_daily WHERE outcome_key = ?1;
