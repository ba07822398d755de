-- Generations with background work: history to tag, or tags to remove.
SELECT key, tagging_state FROM outcome_declarations
WHERE tagging_state IN ('running', 'deleted')
ORDER BY key;
