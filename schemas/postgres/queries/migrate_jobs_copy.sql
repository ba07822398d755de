-- migrate: copies the jobs of the JSON array $1 (objects named by column), keeping their seqs.
INSERT INTO jobs (seq, job_id, kind, store_id, state, created, updated, result, error)
OVERRIDING SYSTEM VALUE
SELECT r.seq, r.job_id, r.kind, r.store_id, r.state, r.created, r.updated, r.result, r.error
FROM json_to_recordset($1::json) AS r (seq bigint, job_id text, kind text, store_id bigint,
                                       state text, created text, updated text, result text,
                                       error text);
