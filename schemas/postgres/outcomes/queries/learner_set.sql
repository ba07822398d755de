-- The first statement (?3) and first completion (?4, NULL: none) of learner ?2 (an ordinal) of
-- generation ?1.
UPDATE outcome_learners SET first_us = ?3, completed_us = ?4
WHERE outcome_key = ?1 AND ordinal = ?2;
