-- What each learner of generation ?1 did each day, recomputed from its tags: (day, learner
-- ordinal, statements, scored, scaled_micros), by day then ordinal. Anonymous Groups (no
-- learner) are not in the learner lists.
SELECT day, learner, COUNT(*), COUNT(scaled), COALESCE(SUM((trunc(scaled * 1000000) + CASE WHEN abs(scaled * 1000000 - trunc(scaled * 1000000)) >= 0.5 THEN sign(scaled * 1000000) ELSE 0 END)::bigint), 0)
FROM (SELECT (timestamp_us - (((timestamp_us % 86400000000) + 86400000000) % 86400000000))
               / 86400000000 AS day,
             learner, scaled
      FROM outcome_tags WHERE outcome_key = ?1 AND learner IS NOT NULL) AS t
GROUP BY day, learner
ORDER BY day, learner;
