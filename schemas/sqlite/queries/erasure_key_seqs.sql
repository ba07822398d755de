-- The statements carrying index key ?1 (any flags), with their flags.
SELECT seq, flags FROM statement_index WHERE key_id = ?1;
