-- Removes up to ?2 learners of retired generation ?1.
DELETE FROM outcome_learners
WHERE outcome_key = ?1 AND ordinal IN
  (SELECT ordinal FROM outcome_learners WHERE outcome_key = ?1 LIMIT ?2);
