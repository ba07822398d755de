-- See migrations_lock.
SELECT pg_advisory_unlock(1330401875, 2);
