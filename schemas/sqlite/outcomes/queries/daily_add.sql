-- Adds to day ?2 of generation ?1: ?3 statements, ?4 scored summing ?5, ?6 by learners (negative
-- to remove), and sets the active learners' bitmap to ?7 unless it is NULL.
INSERT INTO outcome_daily (outcome_key, day, statements, scored, scaled_sum, learner_statements, learners)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (outcome_key, day) DO UPDATE SET
  statements = statements + excluded.statements,
  scored = scored + excluded.scored,
  scaled_sum = scaled_sum + excluded.scaled_sum,
  learner_statements = learner_statements + excluded.learner_statements,
  learners = COALESCE(excluded.learners, learners);
