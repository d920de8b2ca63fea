-- Queued jobs in the order they arrived, with their place: what `clipvq status` and the README's queries read.
-- A row is queued from the moment the registrar records its request until a worker takes it. With several
-- partitions and workers, jobs run in arrival order per partition, so the position is the place in the whole
-- backlog, not a promise of start order.
create view job_queue as
select job_id,
       kind,
       created_at                                         as queued_at,
       row_number() over (order by created_at, job_id)    as position
  from jobs
 where status = 'queued' and request is not null;
