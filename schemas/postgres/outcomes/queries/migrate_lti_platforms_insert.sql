-- migrate: inserts the LTI platform registrations of the JSON array ?1 (objects named by
-- column).
INSERT INTO lti_platforms (id, store_id, issuer, client_id, auth_url, token_url, jwks_url,
                           deployments, created, agent_match)
SELECT r.id, r.store_id, r.issuer, r.client_id, r.auth_url, r.token_url, r.jwks_url,
       r.deployments, r.created, r.agent_match
FROM json_to_recordset(?1::json) AS r (id bigint, store_id bigint, issuer text, client_id text,
                                       auth_url text, token_url text, jwks_url text,
                                       deployments text, created text,
                                       agent_match text);
