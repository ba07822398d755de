-- Course ?2 of platform ?1 was synced from the memberships URL ?3 at ?4 (microseconds).
INSERT INTO lti_contexts (platform_id, context_id, memberships_url, synced_us)
VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (platform_id, context_id) DO UPDATE SET memberships_url = excluded.memberships_url,
                                                    synced_us = excluded.synced_us;
