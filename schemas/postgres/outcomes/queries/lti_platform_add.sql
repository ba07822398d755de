-- Registers a platform for store ?1: issuer ?2, client id ?3, authorization URL ?4, token URL
-- ?5, JWKS URL ?6, deployments ?7 (a JSON array), made at ?8; its
-- learners matched to xAPI agents by ?9 ('email' or 'account').
INSERT INTO lti_platforms (store_id, issuer, client_id, auth_url, token_url, jwks_url,
                           deployments, created, agent_match)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);
