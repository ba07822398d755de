-- Microseconds since the epoch up to which every statement is readable. When no writer holds the
-- writers' lock at this instant, the database's clock: a writer taking it later stores past that
-- clock. When one holds it, its statements will be stored at or after its transaction began
-- (writer_clock.sql runs inside it and never goes below the clock), so just before that, and
-- at least the last committed time. The shared lock is tried, never waited for, and released at
-- once.
SELECT CASE
  WHEN pg_try_advisory_xact_lock_shared(1330401875, 1)
    THEN (extract(epoch FROM clock_timestamp()) * 1000000)::bigint
  ELSE GREATEST(
    (SELECT last_stored_us FROM commit_clock WHERE id = 1),
    (SELECT (extract(epoch FROM min(a.xact_start)) * 1000000)::bigint - 1
     FROM pg_catalog.pg_locks AS l
     JOIN pg_catalog.pg_stat_activity AS a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.mode = 'ExclusiveLock'
       AND l.classid = 1330401875 AND l.objid = 1 AND l.objsubid = 2
       AND l.database = (SELECT oid FROM pg_catalog.pg_database
                         WHERE datname = current_database())))
END;
