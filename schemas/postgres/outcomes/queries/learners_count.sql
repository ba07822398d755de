-- How many learners generation ?1 has, and how many of them completed (both counted on indexes).
SELECT (SELECT COUNT(*) FROM outcome_learners WHERE outcome_key = ?1),
       (SELECT COUNT(*) FROM outcome_learners WHERE outcome_key = ?1 AND completed_us IS NOT NULL);
