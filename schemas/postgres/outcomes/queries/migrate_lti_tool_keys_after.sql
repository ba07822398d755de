-- migrate, once the tool keys are copied: a rotation's key comes after the copied ones.
SELECT setval(pg_get_serial_sequence('lti_tool_keys', 'ordinal'),
              (SELECT COALESCE(max(ordinal), 0) + 1 FROM lti_tool_keys), false);
