-- The declarations' version number.
SELECT version FROM outcome_declarations_version WHERE id = 1;
