-- Records how far the history of generation ?1 is tagged.
UPDATE outcome_declarations
SET tagging_cursor = ?2, tagging_processed = ?3, tagging_state = ?4
WHERE key = ?1;
