-- Learners of generation ?1 with an ordinal above ?2, by ordinal, at most ?3.
SELECT ordinal, agent, first_us, completed_us
FROM outcome_learners WHERE outcome_key = ?1 AND ordinal > ?2
ORDER BY ordinal
LIMIT ?3;
