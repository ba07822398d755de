-- Moves job $1 to state $2 at time $3, with its result $4 (JSON) and error $5
-- (either NULL); returns its seq when the job exists.
UPDATE jobs SET state = $2, updated = $3, result = $4::text, error = $5::text
WHERE job_id = $1
RETURNING seq;
