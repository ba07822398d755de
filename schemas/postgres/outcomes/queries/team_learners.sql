-- The learners of generation ?1 whose identities are in the JSON array of strings ?2, by
-- ordinal: ordinal, agent, first_us, completed_us. One primary-key look-up per identity, in
-- one round trip (a manager's 500 learners were 500 queries).
SELECT l.ordinal, l.agent, l.first_us, l.completed_us
FROM jsonb_array_elements_text(?2::jsonb) AS m(agent)
JOIN outcome_learners l
  ON l.outcome_key = ?1 AND l.agent_sha = sha256(convert_to(m.agent, 'UTF8'))
     AND l.agent = m.agent
ORDER BY l.ordinal;
