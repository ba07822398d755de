-- The platform registration ?1.
SELECT id, store_id, issuer, client_id, auth_url, token_url, jwks_url, deployments, created,
       agent_match
FROM lti_platforms WHERE id = ?1;
