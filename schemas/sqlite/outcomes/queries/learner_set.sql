-- Sets what is known of learner ?2 of generation ?1 (after a tag of theirs was removed); a
-- learner with no statements left is forgotten by learner_forget.
UPDATE outcome_learners
SET first_us = ?3, completed_us = ?4, statements = ?5, scored = ?6, scaled_sum = ?7
WHERE outcome_key = ?1 AND agent = ?2;
