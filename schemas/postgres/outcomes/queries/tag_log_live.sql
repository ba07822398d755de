-- The logged tags of generations still live (not retired), by generation and statement: the
-- order of outcome_tags, whose pages are then written one after the other.
SELECT l.outcome_key, l.seq, l.rule, l.stored_us, l.timestamp_us, l.agent, l.completed, l.scaled
FROM outcome_tag_log AS l
JOIN outcome_declarations AS d ON d.key = l.outcome_key
WHERE d.tagging_state != 'deleted'
ORDER BY l.outcome_key, l.seq;
