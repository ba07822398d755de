-- The learners of generation ?1 whose identities are in the JSON array of strings ?2, by
-- ordinal: ordinal, agent, first_us, completed_us. One primary-key look-up per identity.
SELECT l.ordinal, l.agent, l.first_us, l.completed_us
FROM json_each(?2) AS m
JOIN outcome_learners l ON l.outcome_key = ?1 AND l.agent = m.value
ORDER BY l.ordinal;
