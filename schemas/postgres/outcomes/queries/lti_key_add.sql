-- Adds the tool key ?1 (kid) with PEM private key ?2, made at ?3: the newest from now on.
INSERT INTO lti_tool_keys (kid, private_pem, created) VALUES (?1, ?2, ?3);
