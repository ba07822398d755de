-- A number that changes when another connection has committed to the database since this
-- connection last asked (not when this one commits).
PRAGMA data_version;
