-- Begins a write transaction and takes the writers' lock (a transaction-level advisory lock,
-- released at COMMIT or ROLLBACK): every write of every process runs under it, one at a time.
-- Run with the simple query protocol (two statements). Waits up to lock_timeout.
BEGIN;
SELECT pg_advisory_xact_lock(1330401875, 1);
