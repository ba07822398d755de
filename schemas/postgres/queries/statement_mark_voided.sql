-- Marks statement $1 voided. A voiding statement is never voided.
UPDATE statements SET voided = true WHERE seq = $1 AND NOT is_voiding;
