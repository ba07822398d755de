-- Marks every job still queued or running as failed with message ?1 at time ?2 (their
-- process ended before they did); returns each one's id.
UPDATE jobs SET state = 'failed', updated = ?2, error = ?1
WHERE state IN ('queued', 'running')
RETURNING job_id;
