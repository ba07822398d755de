-- migrate: $3 more rows of table $1 copied, up to key $2 (a JSON array); done when $4.
UPDATE migrate_progress SET after_key = $2, copied = copied + $3, done = $4
WHERE table_name = $1;
