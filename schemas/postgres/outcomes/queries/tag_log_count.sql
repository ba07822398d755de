-- How many tags the log holds, counting no further than ?1.
SELECT count(*) FROM (SELECT 1 FROM outcome_tag_log LIMIT ?1) AS logged;
