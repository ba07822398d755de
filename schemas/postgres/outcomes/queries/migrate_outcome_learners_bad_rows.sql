-- migrate: learners whose agent_sha is not the SHA-256 of their identity (0 after a good copy).
SELECT count(*) FROM outcome_learners WHERE agent_sha <> sha256(convert_to(agent, 'UTF8'));
