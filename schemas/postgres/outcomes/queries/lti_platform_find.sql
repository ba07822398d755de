-- The platform registered with issuer ?1 and client id ?2 (in any store).
SELECT id, store_id, issuer, client_id, auth_url, token_url, jwks_url, deployments, created,
       agent_match
FROM lti_platforms WHERE issuer = ?1 AND client_id = ?2;
