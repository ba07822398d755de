-- The rollups' epoch (plugin/store/rollup_store.h, EnterRollupWrite): as this transaction found
-- it, and as it will be once it commits. Advancing it is this transaction's first rollup write;
-- the writers' lock orders it with every other process's.
UPDATE outcome_rollup_epoch SET epoch = epoch + 1 WHERE id = 1 RETURNING epoch - 1, epoch;
