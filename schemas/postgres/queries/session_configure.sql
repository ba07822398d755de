-- Configures a new session: statement timeout ?1 and lock timeout ?2 (milliseconds as text, 0 for
-- none), durable commits (a commit returns once it is flushed to disk), UTC, hex bytea output.
SELECT set_config('statement_timeout', $1, false),
       set_config('lock_timeout', $2, false),
       set_config('synchronous_commit', 'on', false),
       set_config('TimeZone', 'UTC', false),
       set_config('bytea_output', 'hex', false);
