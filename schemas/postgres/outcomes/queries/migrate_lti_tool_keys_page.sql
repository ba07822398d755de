-- migrate (verifying the copy made from SQLite): the LTI tool's keys with ordinal > ?1, at
-- most ?2.
SELECT ordinal, kid, private_pem, created FROM lti_tool_keys WHERE ordinal > ?1
ORDER BY ordinal LIMIT ?2;
