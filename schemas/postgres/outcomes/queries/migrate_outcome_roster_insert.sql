-- migrate: inserts the roster rows of the JSON array ?1 (objects named by column), with the
-- SHA-256 of each learner's identity.
INSERT INTO outcome_roster (store_id, agent, agent_sha, team, manager, segment)
SELECT r.store_id, r.agent, sha256(convert_to(r.agent, 'UTF8')), r.team, r.manager, r.segment
FROM json_to_recordset(?1::json) AS r (store_id bigint, agent text, team text, manager text,
                                       segment text);
