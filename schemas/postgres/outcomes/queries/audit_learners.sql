-- The learners generation ?1 should have, recomputed from its tags: (ordinal, first statement's
-- timestamp, first completion's timestamp or NULL, the seq of one of their tagged statements),
-- by ordinal.
SELECT learner, MIN(timestamp_us), MIN(CASE WHEN completed != 0 THEN timestamp_us END), MIN(seq)
FROM outcome_tags
WHERE outcome_key = ?1 AND learner IS NOT NULL
GROUP BY learner
ORDER BY learner;
