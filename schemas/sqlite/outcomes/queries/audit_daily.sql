-- The daily rollups generation ?1 should have, recomputed from its tags (plain GROUP BY, not the
-- folding code that maintains outcome_daily): (day, statements, scored, scaled_micros). A day is
-- the UTC day of the statement's timestamp (floor division, also before 1970); a score counts
-- as round(scaled * 1e6) millionths, as the plugin sums it.
SELECT day, COUNT(*), COUNT(scaled), COALESCE(SUM(CAST(ROUND(scaled * 1000000) AS INTEGER)), 0)
FROM (SELECT (timestamp_us - (((timestamp_us % 86400000000) + 86400000000) % 86400000000))
               / 86400000000 AS day,
             scaled
      FROM outcome_tags WHERE outcome_key = ?1)
GROUP BY day
ORDER BY day;
