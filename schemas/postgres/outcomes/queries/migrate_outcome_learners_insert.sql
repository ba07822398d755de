-- migrate: inserts the learners of the JSON array ?1 (objects named by column), with the
-- SHA-256 of each identity their lookups use.
INSERT INTO outcome_learners (outcome_key, agent, agent_sha, ordinal, first_us, completed_us)
SELECT r.outcome_key, r.agent, sha256(convert_to(r.agent, 'UTF8')), r.ordinal, r.first_us,
       r.completed_us
FROM json_to_recordset(?1::json) AS r (outcome_key bigint, agent text, ordinal bigint,
                                       first_us bigint, completed_us bigint);
