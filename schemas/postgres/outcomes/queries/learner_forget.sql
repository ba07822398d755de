-- Forgets learner ?2 (an ordinal) of generation ?1 once no tag of theirs is left.
DELETE FROM outcome_learners WHERE outcome_key = ?1 AND ordinal = ?2;
