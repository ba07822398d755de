-- Adds to learner ?2 of generation ?1 (creating them with the next ordinal): first seen ?3, first
-- completion ?4 (NULL: none), ?5 statements, ?6 scored summing ?7. Returns the ordinal.
INSERT INTO outcome_learners
  (outcome_key, agent, ordinal, first_us, completed_us, statements, scored, scaled_sum)
VALUES (?1, ?2,
        (SELECT COALESCE(MAX(ordinal) + 1, 0) FROM outcome_learners WHERE outcome_key = ?1),
        ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (outcome_key, agent) DO UPDATE SET
  first_us = MIN(first_us, excluded.first_us),
  completed_us = CASE
    WHEN completed_us IS NULL THEN excluded.completed_us
    WHEN excluded.completed_us IS NULL THEN completed_us
    ELSE MIN(completed_us, excluded.completed_us) END,
  statements = statements + excluded.statements,
  scored = scored + excluded.scored,
  scaled_sum = scaled_sum + excluded.scaled_sum
RETURNING ordinal;
