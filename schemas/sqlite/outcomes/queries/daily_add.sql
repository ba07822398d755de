-- Adds to day ?2 of generation ?1: ?3 statements, ?4 scored, ?5 millionths of score (negative to
-- remove), and sets the learners of the day to ?6 unless it is NULL.
INSERT INTO outcome_daily (outcome_key, day, statements, scored, scaled_micros, learners)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (outcome_key, day) DO UPDATE SET
  statements = statements + excluded.statements,
  scored = scored + excluded.scored,
  scaled_micros = scaled_micros + excluded.scaled_micros,
  learners = COALESCE(excluded.learners, learners);
