-- Learner ?2 (an ordinal) of generation ?1: agent, first_us, completed_us.
SELECT agent, first_us, completed_us FROM outcome_learners
WHERE outcome_key = ?1 AND ordinal = ?2;
