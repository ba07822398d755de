-- The roster rows of store ?1 in team ?2 or in any team whose manager (on any of its rows) is ?3;
-- every row when both are NULL. By team, then agent: agent, team, manager, segment.
SELECT agent, team, manager, segment FROM outcome_roster
WHERE store_id = ?1
  AND ((?2::text IS NULL AND ?3::text IS NULL)
       OR team = ?2
       OR team IN (SELECT team FROM outcome_roster WHERE store_id = ?1 AND manager = ?3))
ORDER BY team, agent;
