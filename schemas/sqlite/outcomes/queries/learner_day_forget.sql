-- Drops the row of learner ?3 on day ?2 of generation ?1 (it counts no statement any more).
DELETE FROM outcome_learner_days WHERE outcome_key = ?1 AND day = ?2 AND learner = ?3;
