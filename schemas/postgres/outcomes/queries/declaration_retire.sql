-- Retires generation ?1: it no longer counts; its tags are removed in the background.
UPDATE outcome_declarations SET tagging_state = 'deleted', updated = ?2 WHERE key = ?1;
