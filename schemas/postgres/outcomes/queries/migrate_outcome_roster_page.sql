-- migrate (verifying the copy made from SQLite): the roster after (store_id ?1, agent ?2), in
-- key order (agents COLLATE "C"), at most ?3.
SELECT store_id, agent, team, manager, segment
FROM outcome_roster WHERE (store_id, agent) > (?1, ?2) ORDER BY store_id, agent LIMIT ?3;
