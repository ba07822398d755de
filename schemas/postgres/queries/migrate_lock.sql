-- Taken by `outcome-lrs migrate` for its session, never waited for: false when another migrate
-- is copying into this database now.
SELECT pg_try_advisory_lock(1330401875, 3);
