-- The first store: its name and creation time (to the millisecond) identify the database.
SELECT id, name, created FROM stores WHERE id = 1;
