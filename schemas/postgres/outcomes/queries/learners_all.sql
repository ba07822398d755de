-- Every learner of generation ?1.
SELECT ordinal, agent, first_us, completed_us FROM outcome_learners WHERE outcome_key = ?1;
