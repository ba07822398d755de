-- Removes up to ?2 tags of retired generation ?1.
DELETE FROM outcome_tags
WHERE outcome_key = ?1 AND seq IN (SELECT seq FROM outcome_tags WHERE outcome_key = ?1 LIMIT ?2);
