-- The outcome plugin's schema: LTI 1.3 (plugin/lti, plugin/api/lti_service.h).
--
-- lti_platforms: the LMSs (platforms) registered per store. A platform is known by its issuer
-- and the client id it gave this tool; a launch from it reaches its store only. deployments is
-- a JSON array of the deployment ids accepted.
CREATE TABLE lti_platforms (
  id          INTEGER PRIMARY KEY,
  store_id    INTEGER NOT NULL,
  issuer      TEXT NOT NULL,
  client_id   TEXT NOT NULL,
  auth_url    TEXT NOT NULL,
  token_url   TEXT NOT NULL,
  jwks_url    TEXT NOT NULL,
  deployments TEXT NOT NULL,
  created     TEXT NOT NULL,
  UNIQUE (issuer, client_id)
);
CREATE INDEX lti_platforms_store ON lti_platforms (store_id, id);

-- The tool's RSA signing keys (PKCS#8 PEM), newest last: the JWKS publishes the newest two, so
-- a platform that cached the previous key still verifies after a rotation.
CREATE TABLE lti_tool_keys (
  ordinal     INTEGER PRIMARY KEY,
  kid         TEXT NOT NULL UNIQUE,
  private_pem TEXT NOT NULL,
  created     TEXT NOT NULL
);

-- Logins started (OIDC login initiation) and not yet finished by a launch: the state and nonce
-- sent to the platform, until expires_us. A launch deletes its row (the nonce is used once), so
-- any server process on the database can finish a login another started.
CREATE TABLE lti_logins (
  platform_id INTEGER NOT NULL,
  state       TEXT NOT NULL,
  nonce       TEXT NOT NULL UNIQUE,
  expires_us  INTEGER NOT NULL,
  PRIMARY KEY (platform_id, state)
);
CREATE INDEX lti_logins_expiry ON lti_logins (expires_us);
