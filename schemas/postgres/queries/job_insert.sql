-- Adds job $1 of kind $2 in store $3, state $4, created and updated at $5.
INSERT INTO jobs (job_id, kind, store_id, state, created, updated)
VALUES ($1, $2, $3, $4, $5, $5);
