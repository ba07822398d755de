-- The impact estimate: every learner of generation ?1 who has completed, with the time of their
-- first completion (agent, completed_us), by agent (the primary key's order).
SELECT agent, completed_us FROM outcome_learners
WHERE outcome_key = ?1 AND completed_us IS NOT NULL
ORDER BY agent;
