-- The ordinal the next new learner of generation ?1 gets.
SELECT COALESCE(MAX(ordinal) + 1, 0) FROM outcome_learners WHERE outcome_key = ?1;
