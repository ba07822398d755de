-- Job ?1: id, kind, store id, store name, state, created, updated, result, error.
SELECT j.job_id, j.kind, j.store_id, s.name, j.state, j.created, j.updated, j.result, j.error
FROM jobs AS j JOIN stores AS s ON s.id = j.store_id
WHERE j.job_id = ?1;
