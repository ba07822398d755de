-- Removes up to ?2 learner-day rows of retired generation ?1.
DELETE FROM outcome_learner_days
WHERE outcome_key = ?1 AND (day, learner) IN
  (SELECT day, learner FROM outcome_learner_days WHERE outcome_key = ?1 LIMIT ?2);
