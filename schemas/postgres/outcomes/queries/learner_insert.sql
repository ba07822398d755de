-- A new learner ?2 of generation ?1 with ordinal ?3, first seen ?4, first completion ?5 (NULL:
-- none). OR IGNORE (the caller checks that a row was written): a statement that may abort half
-- done makes SQLite keep a statement journal, whose release costs more the larger the
-- enclosing transaction has grown.
INSERT INTO outcome_learners (outcome_key, agent, agent_sha, ordinal, first_us, completed_us)
VALUES (?1, ?2, sha256(convert_to(?2, 'UTF8')), ?3, ?4, ?5)
ON CONFLICT DO NOTHING;
