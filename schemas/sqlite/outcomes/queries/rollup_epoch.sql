-- The rollups' epoch (plugin/store/rollup_store.h, EnterRollupWrite): as this transaction sees it,
-- and as it will be once it commits. SQLite's data_version changes when another connection has
-- committed to the database since this connection last asked, not when this one commits.
SELECT data_version, data_version FROM pragma_data_version;
