-- After an erasure committed: copies the write-ahead log into the database file and truncates
-- the log to zero bytes. One row: busy (1 when a reader kept it from finishing), log frames,
-- frames checkpointed.
PRAGMA wal_checkpoint(TRUNCATE);
