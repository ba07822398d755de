-- Under the writers' lock: the "stored" time of the statements of this transaction, past that of
-- every transaction committed before (of any process), at least $1 and at least the database's
-- clock (microseconds since the epoch). Sent in one simple query after writer_begin.sql, $1
-- written in as a decimal integer, so it may not contain another parameter.
UPDATE commit_clock
SET last_stored_us = GREATEST(last_stored_us + 1, $1::bigint,
                              (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
WHERE id = 1
RETURNING last_stored_us;
