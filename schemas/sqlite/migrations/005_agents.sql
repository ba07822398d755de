-- The names statements gave each identified agent, per store: what the Agents resource
-- (GET /xapi/agents) combines into a Person object besides the identifier asked for.
CREATE TABLE agent_names (
  store_id  INTEGER NOT NULL REFERENCES stores (id),
  agent_key TEXT NOT NULL,          -- xapi::AgentKey: "mbox|mailto:...", "account|home|name", ...
  name      TEXT NOT NULL,
  PRIMARY KEY (store_id, agent_key, name)
) WITHOUT ROWID;
