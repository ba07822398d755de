-- The rule by which generation ?1 tags statement ?2, if it does.
SELECT rule FROM outcome_tags WHERE outcome_key = ?1 AND seq = ?2;
