-- After an erasure committed (outside any transaction): marks the space of the dead tuples it
-- left in the tables an erasure writes as free, so it is reused rather than kept.
VACUUM (ANALYZE) statements, statement_index, index_keys, agent_names, documents, attachments
