-- The platforms registered for store ?1, oldest first.
SELECT id, store_id, issuer, client_id, auth_url, token_url, jwks_url, deployments, created,
       agent_match
FROM lti_platforms WHERE store_id = ?1 ORDER BY id;
