-- migrate: inserts the LTI tool keys of the JSON array ?1 (objects named by column).
INSERT INTO lti_tool_keys (ordinal, kid, private_pem, created)
SELECT r.ordinal, r.kid, r.private_pem, r.created
FROM json_to_recordset(?1::json) AS r (ordinal bigint, kid text, private_pem text, created text);
