-- A new text of generation ?1 that tags the same statements.
UPDATE outcome_declarations SET document = ?2, updated = ?3 WHERE key = ?1;
