-- Marks statement ?1 voided. A voiding statement is never voided.
UPDATE statements SET voided = 1 WHERE seq = ?1 AND is_voiding = 0;
