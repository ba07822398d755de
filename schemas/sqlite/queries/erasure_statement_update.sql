-- Replaces the body and the terms of statement ?1 with ?2 and ?3 (a pseudonym in place of an
-- erased person).
UPDATE statements SET body = ?2, terms = ?3 WHERE seq = ?1;
