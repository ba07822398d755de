-- Removes the tag of statement ?2 from outcome generation ?1.
DELETE FROM outcome_tags WHERE outcome_key = ?1 AND seq = ?2;
