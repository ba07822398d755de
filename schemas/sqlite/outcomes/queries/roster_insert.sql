-- Puts learner ?2 of store ?1 in team ?3, with manager ?4 and segment ?5 ('' for none).
INSERT INTO outcome_roster (store_id, agent, team, manager, segment) VALUES (?1, ?2, ?3, ?4, ?5);
