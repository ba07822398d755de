-- migrate: the LRS data a database holds besides what its migrations created (the default
-- store), per table: a target must hold none (no row) before a copy starts.
SELECT t.name, t.n FROM (
  SELECT 'stores' AS name, (SELECT count(*) FROM stores
                              WHERE id <> 1 OR name <> 'default' OR disabled IS NOT NULL) AS n
  UNION ALL SELECT 'credentials', (SELECT count(*) FROM credentials)
  UNION ALL SELECT 'statements', (SELECT count(*) FROM statements)
  UNION ALL SELECT 'index_keys', (SELECT count(*) FROM index_keys)
  UNION ALL SELECT 'statement_index', (SELECT count(*) FROM statement_index)
  UNION ALL SELECT 'activities', (SELECT count(*) FROM activities)
  UNION ALL SELECT 'verbs', (SELECT count(*) FROM verbs)
  UNION ALL SELECT 'agent_names', (SELECT count(*) FROM agent_names)
  UNION ALL SELECT 'attachments', (SELECT count(*) FROM attachments)
  UNION ALL SELECT 'documents', (SELECT count(*) FROM documents)
  UNION ALL SELECT 'admin_audit', (SELECT count(*) FROM admin_audit)
  UNION ALL SELECT 'jobs', (SELECT count(*) FROM jobs)
  UNION ALL SELECT 'erasure_salt', (SELECT count(*) FROM erasure_salt)
  UNION ALL SELECT 'erased_agents', (SELECT count(*) FROM erased_agents)
  UNION ALL SELECT 'extension_migrations', (SELECT count(*) FROM extension_migrations)
  UNION ALL SELECT 'commit_clock', (SELECT count(*) FROM commit_clock WHERE last_stored_us <> 0)
) AS t
WHERE t.n > 0;
