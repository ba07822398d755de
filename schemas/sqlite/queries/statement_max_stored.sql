-- The latest "stored" time in the database, so a restarted writer never goes back in time.
SELECT COALESCE(MAX(stored_us), 0) FROM statements;
