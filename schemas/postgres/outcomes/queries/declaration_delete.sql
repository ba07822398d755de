-- Forgets retired generation ?1 (once its tags are gone).
DELETE FROM outcome_declarations WHERE key = ?1 AND tagging_state = 'deleted';
