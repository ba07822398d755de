-- Puts learner ?2 of store ?1 in team ?3, with manager ?4 and segment ?5 ('' for none).
INSERT INTO outcome_roster (store_id, agent, agent_sha, team, manager, segment)
VALUES (?1, ?2, sha256(convert_to(?2, 'UTF8')), ?3, ?4, ?5);
