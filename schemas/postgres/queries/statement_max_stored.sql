-- The latest "stored" time committed, by any process.
SELECT last_stored_us FROM commit_clock WHERE id = 1;
