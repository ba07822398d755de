-- The key that signs the dashboard links of store ?1.
SELECT key FROM outcome_embed_keys WHERE store_id = ?1;
