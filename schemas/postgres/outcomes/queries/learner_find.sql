-- Learner ?2 of generation ?1: ordinal, first_us, completed_us.
SELECT ordinal, first_us, completed_us FROM outcome_learners
WHERE outcome_key = ?1 AND agent_sha = sha256(convert_to(?2, 'UTF8')) AND agent = ?2;
