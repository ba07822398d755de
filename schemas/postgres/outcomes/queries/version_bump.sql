-- Declarations changed.
UPDATE outcome_declarations_version SET version = version + 1 WHERE id = 1;
