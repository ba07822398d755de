-- The newest ?1 tool keys, newest first.
SELECT ordinal, kid, private_pem, created FROM lti_tool_keys ORDER BY ordinal DESC LIMIT ?1;
