-- The background tagger's backlog, for GET /metrics: generations with work left (history to tag
-- or tags to remove) and the statements of history they have still to scan.
SELECT COUNT(*),
       CAST(COALESCE(SUM(CASE WHEN tagging_state = 'running'
                              THEN tagging_total - tagging_processed ELSE 0 END), 0) AS BIGINT)
FROM outcome_declarations
WHERE tagging_state IN ('running', 'deleted');
