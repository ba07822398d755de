-- migrate (verifying the copy made from SQLite): the LTI platform registrations with id > ?1,
-- at most ?2.
SELECT id, store_id, issuer, client_id, auth_url, token_url, jwks_url, deployments, created,
       agent_match
FROM lti_platforms WHERE id > ?1 ORDER BY id LIMIT ?2;
