-- migrate (outcome-lrs migrate copies this SQLite database into PostgreSQL): the LTI tool's
-- keys with ordinal > ?1, at most ?2 (the JWKS platforms cached stays valid after the move).
SELECT ordinal, kid, private_pem, created FROM lti_tool_keys WHERE ordinal > ?1
ORDER BY ordinal LIMIT ?2;
