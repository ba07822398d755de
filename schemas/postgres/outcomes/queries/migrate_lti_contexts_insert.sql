-- migrate: inserts the LTI courses of the JSON array ?1 (objects named by column).
INSERT INTO lti_contexts (platform_id, context_id, memberships_url, synced_us)
SELECT r.platform_id, r.context_id, r.memberships_url, r.synced_us
FROM json_to_recordset(?1::json) AS r (platform_id bigint, context_id text,
                                       memberships_url text, synced_us bigint);
