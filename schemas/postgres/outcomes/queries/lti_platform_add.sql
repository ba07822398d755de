-- Registers a platform for store ?1: issuer ?2, client id ?3, authorization URL ?4, token URL
-- ?5, JWKS URL ?6, deployments ?7 (a JSON array), made at ?8.
INSERT INTO lti_platforms (store_id, issuer, client_id, auth_url, token_url, jwks_url,
                           deployments, created)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8);
