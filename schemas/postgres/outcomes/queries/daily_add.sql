-- Adds to day ?2 of generation ?1: ?3 statements, ?4 scored, ?5 millionths of score (negative to
-- remove), and sets the learners of the day to ?6 unless it is NULL.
INSERT INTO outcome_daily (outcome_key, day, statements, scored, scaled_micros, learners)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (outcome_key, day) DO UPDATE SET
  statements = outcome_daily.statements + excluded.statements,
  scored = outcome_daily.scored + excluded.scored,
  scaled_micros = outcome_daily.scaled_micros + excluded.scaled_micros,
  learners = COALESCE(excluded.learners, outcome_daily.learners);
