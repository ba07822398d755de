-- The active learners' bitmap of day ?2 of generation ?1.
SELECT learners FROM outcome_daily WHERE outcome_key = ?1 AND day = ?2;
