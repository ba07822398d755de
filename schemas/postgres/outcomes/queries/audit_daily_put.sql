-- Sets day ?2 of generation ?1 to ?3 statements, ?4 scored, ?5 millionths of score and the
-- learner list ?6 (a repair: what the tags say).
INSERT INTO outcome_daily (outcome_key, day, statements, scored, scaled_micros, learners)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (outcome_key, day) DO UPDATE SET
  statements = excluded.statements, scored = excluded.scored,
  scaled_micros = excluded.scaled_micros, learners = excluded.learners;
