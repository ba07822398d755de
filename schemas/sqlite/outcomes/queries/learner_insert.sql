-- A new learner ?2 of generation ?1 with the next ordinal, first seen ?3, first completion ?4
-- (NULL: none). Returns the ordinal.
INSERT INTO outcome_learners (outcome_key, agent, ordinal, first_us, completed_us)
VALUES (?1, ?2,
        (SELECT COALESCE(MAX(ordinal) + 1, 0) FROM outcome_learners WHERE outcome_key = ?1),
        ?3, ?4)
RETURNING ordinal;
