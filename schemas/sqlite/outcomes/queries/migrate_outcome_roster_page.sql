-- migrate (outcome-lrs migrate copies this SQLite database into PostgreSQL): the roster after
-- (store_id ?1, agent ?2), in key order (agents in byte order), at most ?3.
SELECT store_id, agent, team, manager, segment
FROM outcome_roster WHERE (store_id, agent) > (?1, ?2) ORDER BY store_id, agent LIMIT ?3;
