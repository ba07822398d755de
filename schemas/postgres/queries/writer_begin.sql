-- Begins a write transaction and takes the writers' lock (a transaction-level advisory lock,
-- released at COMMIT or ROLLBACK): every write of every process runs under it, one at a time.
-- Run with the simple query protocol, writer_clock.sql following in the same round trip
-- (lrs/store/postgres/writer_rows.cpp). Waits up to lock_timeout.
BEGIN;
SELECT pg_advisory_xact_lock(1330401875, 1);
