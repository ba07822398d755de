-- Removes day ?2 of generation ?1 (a repair: no tag falls on that day).
DELETE FROM outcome_daily WHERE outcome_key = ?1 AND day = ?2;
