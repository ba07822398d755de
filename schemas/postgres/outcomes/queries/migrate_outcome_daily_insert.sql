-- migrate: inserts the daily rollups of the JSON array ?1 (objects named by column; the learner
-- lists' bytes in hex).
INSERT INTO outcome_daily (outcome_key, day, statements, scored, scaled_micros, learners)
SELECT r.outcome_key, r.day, r.statements, r.scored, r.scaled_micros, decode(r.learners, 'hex')
FROM json_to_recordset(?1::json) AS r (outcome_key bigint, day bigint, statements bigint,
                                       scored bigint, scaled_micros bigint, learners text);
