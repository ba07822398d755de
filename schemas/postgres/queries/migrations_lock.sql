-- Held by the one process applying migrations (the LRS's or plugins'), so processes starting at
-- once apply each migration once. Released by migrations_unlock, or when the session ends.
SELECT pg_advisory_lock(1330401875, 2);
