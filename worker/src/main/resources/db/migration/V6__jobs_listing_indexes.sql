-- The HTTP API lists jobs newest first, all of them or those in one state (JobReads.recent): these indexes serve
-- both orders as index range scans, so a page costs the same however many jobs the table holds.
create index jobs_created_idx on jobs (created_at desc, job_id desc);
create index jobs_status_created_idx on jobs (status, created_at desc, job_id desc);
