-- Learner ?2 of generation ?1.
SELECT ordinal, first_us, completed_us, statements, scored, scaled_sum
FROM outcome_learners WHERE outcome_key = ?1 AND agent = ?2;
