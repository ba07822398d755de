-- The daily rollups generation ?1 should have, recomputed from its tags (plain GROUP BY, not the
-- folding code that maintains outcome_daily): (day, statements, scored, scaled_micros). A day is
-- the UTC day of the statement's timestamp (floor division, also before 1970); a score counts
-- as round(scaled * 1e6) millionths, as the plugin sums it.
-- (Rounded half away from zero, exactly as std::llround: PostgreSQL's round() of a double rounds
-- half to even.)
SELECT day, COUNT(*), COUNT(scaled), COALESCE(SUM((trunc(scaled * 1000000) + CASE WHEN abs(scaled * 1000000 - trunc(scaled * 1000000)) >= 0.5 THEN sign(scaled * 1000000) ELSE 0 END)::bigint), 0)
FROM (SELECT (timestamp_us - (((timestamp_us % 86400000000) + 86400000000) % 86400000000))
               / 86400000000 AS day,
             scaled
      FROM outcome_tags WHERE outcome_key = ?1) AS t
GROUP BY day
ORDER BY day;
