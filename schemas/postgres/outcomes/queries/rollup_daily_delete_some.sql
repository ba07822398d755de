-- Removes up to ?2 daily rows of retired generation ?1.
DELETE FROM outcome_daily
WHERE outcome_key = ?1 AND day IN (SELECT day FROM outcome_daily WHERE outcome_key = ?1 LIMIT ?2);
