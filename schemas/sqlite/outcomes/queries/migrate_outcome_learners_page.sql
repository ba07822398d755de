-- migrate (outcome-lrs migrate copies this SQLite database into PostgreSQL): the learners after
-- (outcome_key ?1, agent ?2), in key order (agents in byte order), at most ?3.
SELECT outcome_key, agent, ordinal, first_us, completed_us
FROM outcome_learners WHERE (outcome_key, agent) > (?1, ?2) ORDER BY outcome_key, agent
LIMIT ?3;
