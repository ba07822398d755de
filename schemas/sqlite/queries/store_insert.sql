-- Creates store ?1; its id is the new rowid.
INSERT INTO stores (name, created) VALUES (?1, ?2);
