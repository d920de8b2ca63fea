-- Bulk synthesis (one request, millions of images). The bulk job itself is a row of jobs with kind = 'bulk'
-- (status, settings, request, cancel flag, images_written / images_expected); these tables hold its parts.

-- The job's prompts, read once from the request or from the prompts object when the job is planned, so that a
-- shard looks up only the prompts of its own image range.
create table bulk_prompts (
    job_id        varchar(128) not null references jobs (job_id),
    prompt_index  integer      not null,
    prompt        text         not null,
    constraint bulk_prompts_pk primary key (job_id, prompt_index)
);

-- One row per shard (a contiguous range of image indices). All rows of a job are inserted in one transaction
-- before any shard message is published; (job_id, shard_index) is unique, so re-planning never duplicates a shard.
-- status: pending (row written, message not yet confirmed by Kafka) -> published -> running -> completed;
-- or skipped (job cancelled before the shard started), cancelled (stopped part-way: its images stay), failed.
create table bulk_shards (
    job_id        varchar(128)  not null references jobs (job_id),
    shard_index   integer       not null,
    first_image   bigint        not null,
    image_count   integer       not null,
    status        varchar(16)   not null default 'pending'
        check (status in ('pending', 'published', 'running', 'completed', 'skipped', 'cancelled', 'failed')),
    done          integer       not null default 0,
    attempts      integer       not null default 0,
    published_at  timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz,
    worker        varchar(256),
    manifest_key  varchar(1024),
    tar_key       varchar(1024),
    error         text,
    constraint bulk_shards_job_shard_uq primary key (job_id, shard_index)
);
create index bulk_shards_job_status_idx on bulk_shards (job_id, status);

-- One row per generated image. (job_id, image_index) is unique and so is object_key: a resumed or re-delivered
-- shard can never record an image twice. seed is the image's prompt seed Seeds.derive(seedBase, image_index);
-- candidate_seed is the seed of the candidate that won the CLIP ranking.
create table bulk_images (
    job_id          varchar(128)     not null references jobs (job_id),
    image_index     bigint           not null,
    shard_index     integer          not null,
    prompt_index    integer          not null,
    repeat_index    integer          not null,
    candidate_index integer          not null,
    seed            bigint           not null,
    candidate_seed  bigint           not null,
    clip_score      double precision not null,
    object_key      varchar(1024)    not null,
    sha256          varchar(64)      not null,
    width           integer          not null,
    height          integer          not null,
    worker          varchar(256),
    created_at      timestamptz      not null default now(),
    constraint bulk_images_job_image_uq primary key (job_id, image_index),
    constraint bulk_images_object_key_uq unique (object_key)
);
create index bulk_images_shard_idx on bulk_images (job_id, shard_index, image_index);

-- Progress of every bulk job in one row: what `clipvq synth` and the README's queries read.
create view bulk_progress as
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
       j.error
  from jobs j
  left join bulk_shards s on s.job_id = j.job_id
 where j.kind = 'bulk'
 group by j.job_id;
