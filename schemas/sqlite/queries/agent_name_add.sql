-- Remembers that a statement of store ?1 called agent ?2 (an AgentKey) by name ?3.
INSERT OR IGNORE INTO agent_names (store_id, agent_key, name) VALUES (?1, ?2, ?3);
