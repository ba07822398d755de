-- Microseconds since the epoch up to which every statement is readable: the database's clock
-- when no writer holds the writers' lock at this instant (a writer taking it later stores past
-- that clock), else the "stored" time of the last committed writer (the one holding the lock
-- will store past it). The shared lock is tried, never waited for, and released at once.
SELECT CASE WHEN pg_try_advisory_xact_lock_shared(1330401875, 1)
            THEN (extract(epoch FROM clock_timestamp()) * 1000000)::bigint
            ELSE (SELECT last_stored_us FROM commit_clock WHERE id = 1)
       END;
