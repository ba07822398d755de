-- Replaces the recorded index terms of statement $1.
UPDATE statements SET terms = $2 WHERE seq = $1;
