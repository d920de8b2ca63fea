-- The diversity of bulk images beyond exact bytes (docs/method.md#diversity).
-- clip_embedding: the kept image's L2-normalised CLIP image embedding, clipDim little-endian float32 values; null
-- for images recorded before this column existed (they are left out of the near-distinct and spread measures).
alter table bulk_images add column clip_embedding bytea;
-- near_distinct_done: when the shard completed, how many of its images have a CLIP image cosine below 0.99
-- (io.clipvq.contracts.DiversityMeasures) with every earlier image of their prompt in the shard.
alter table bulk_shards add column near_distinct_done integer not null default 0;

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
       coalesce(sum(s.distinct_done), 0)                                    as images_distinct,
       coalesce(sum(s.near_distinct_done), 0)                               as images_near_distinct
  from jobs j
  left join bulk_shards s on s.job_id = j.job_id
 where j.kind = 'bulk'
 group by j.job_id;
