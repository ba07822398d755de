-- migrate: jobs with seq > ?1 in key order, at most ?2.
SELECT seq, job_id, kind, store_id, state, created, updated, result, error
FROM jobs WHERE seq > ?1 ORDER BY seq LIMIT ?2;
