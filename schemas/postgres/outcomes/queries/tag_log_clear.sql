-- Empties the tag log (after a fold).
DELETE FROM outcome_tag_log;
