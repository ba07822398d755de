-- Outcome LRS, SQLite schema: attachment data (xAPI Part Two §2.4.11), one copy per store and
-- SHA-2 hash, however many statements reference it. Written in the transaction that stores the
-- statements carrying it, so data never outlives a rejected batch.
CREATE TABLE attachments (
  store_id     INTEGER NOT NULL REFERENCES stores (id),
  sha2         TEXT NOT NULL,      -- lower-case hex SHA-224/256/384/512 of `content`
  content_type TEXT NOT NULL,      -- the Content-Type it was received with
  content      BLOB NOT NULL,
  PRIMARY KEY (store_id, sha2)
);
