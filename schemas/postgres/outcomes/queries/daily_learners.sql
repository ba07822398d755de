-- The learners of day ?2 of generation ?1 (plugin/model/learner_days.h).
SELECT learners FROM outcome_daily WHERE outcome_key = ?1 AND day = ?2;
