-- Begins a read: one snapshot for every query of it, never writing.
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
