-- Adds ?4 statements of learner ?3 on day ?2 to generation ?1; returns the new count (equal to
-- ?4 when the learner was not active that day before).
INSERT INTO outcome_learner_days (outcome_key, day, learner, statements) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (outcome_key, day, learner) DO UPDATE SET statements = statements + excluded.statements
RETURNING statements;
