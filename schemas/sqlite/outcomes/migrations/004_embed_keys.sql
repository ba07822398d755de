-- The outcome plugin's schema: the keys that sign dashboard links (plugin/embed/link.h).
--
-- One random 256-bit HMAC key per store, made when the store's first link is issued. A link
-- is valid only with the key of the store it names, so deleting a store's row here (and
-- restarting the server, which caches keys) revokes every link issued for that store.
CREATE TABLE outcome_embed_keys (
  store_id INTEGER PRIMARY KEY,
  key      BLOB NOT NULL,
  created  TEXT NOT NULL
);
