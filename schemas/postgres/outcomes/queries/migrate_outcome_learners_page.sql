-- migrate (verifying the copy made from SQLite): the learners after (outcome_key ?1, agent ?2),
-- in key order (agents in byte order: the column is COLLATE "C"), at most ?3.
SELECT outcome_key, agent, ordinal, first_us, completed_us
FROM outcome_learners WHERE (outcome_key, agent) > (?1, ?2) ORDER BY outcome_key, agent
LIMIT ?3;
