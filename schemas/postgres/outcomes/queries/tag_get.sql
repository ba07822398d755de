-- What the tag of statement ?2 by generation ?1 recorded.
SELECT timestamp_us, learner, completed, scaled
FROM outcome_tags WHERE outcome_key = ?1 AND seq = ?2;
