-- How many of a shard's recorded images are not byte-identical to another image of the same prompt in that shard
-- (count of distinct (prompt_index, sha256)), kept beside done by the same update; the view adds its sum as
-- images_distinct, at the end (a replaced view may only gain columns at its end).
alter table bulk_shards add column distinct_done integer not null default 0;

create or replace view bulk_progress as
select j.job_id,
       j.status,
       j.images_expected                                                    as images_total,
       coalesce(sum(s.done), 0)                                             as images_done,
       count(s.shard_index)                                                 as shards_total,
       count(s.shard_index) filter (where s.status = 'completed')           as shards_completed,
       count(s.shard_index) filter (where s.status = 'running')             as shards_running,
       count(s.shard_index) filter (where s.status in ('pending', 'published')) as shards_waiting,
       count(s.shard_index) filter (where s.status in ('skipped', 'cancelled')) as shards_skipped,
       count(s.shard_index) filter (where s.status = 'failed')              as shards_failed,
       j.started_at,
       j.finished_at,
       extract(epoch from (coalesce(j.finished_at, now()) - j.started_at))  as elapsed_seconds,
       j.cancel_reason,
       j.error,
       coalesce(sum(s.distinct_done), 0)                                    as images_distinct
  from jobs j
  left join bulk_shards s on s.job_id = j.job_id
 where j.kind = 'bulk'
 group by j.job_id;
