-- Removes one statement of learner ?3 on day ?2 from generation ?1; returns what is left.
UPDATE outcome_learner_days SET statements = statements - 1
WHERE outcome_key = ?1 AND day = ?2 AND learner = ?3
RETURNING statements;
