-- One row per job id (the client's idempotency key). A row can exist before its request arrives: a cancel for
-- an unknown job is recorded here so that the request is refused when it comes.
create table jobs (
    job_id                varchar(128)  primary key,
    -- 'single' now; the bulk synthesis issue adds 'bulk' parents with 'shard' children
    kind                  varchar(16)   not null default 'single',
    parent_job_id         varchar(128)  references jobs (job_id),
    status                varchar(16)   not null
        check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
    prompt_count          integer,
    images_expected       integer,
    images_written        integer       not null default 0,
    candidates_per_prompt integer,
    keep_per_prompt       integer,
    seed                  bigint,
    steps                 integer,
    guidance_scale        double precision,
    truncation            double precision,
    model_name            varchar(128),
    model_version         varchar(128),
    output_prefix         varchar(512),
    priority              integer,
    -- the request as received (raw text for a malformed one), so a job can be replayed or audited
    request               text,
    error                 text,
    cancel_requested_at   timestamptz,
    cancel_reason         text,
    worker_id             varchar(256),
    attempts              integer       not null default 0,
    created_at            timestamptz   not null default now(),
    started_at            timestamptz,
    updated_at            timestamptz   not null default now(),
    finished_at           timestamptz
);
create index jobs_status_idx on jobs (status, updated_at);
create index jobs_parent_idx on jobs (parent_job_id) where parent_job_id is not null;

-- One row per kept image. (job_id, prompt_index, rank) is unique: a redelivered or resumed job can never
-- record an image twice; object_key is unique for the same reason on the storage side.
create table images (
    id              bigserial        primary key,
    job_id          varchar(128)     not null references jobs (job_id),
    prompt_index    integer          not null,
    rank            integer          not null,
    candidate_index integer          not null,
    prompt          text             not null,
    seed            bigint           not null,
    clip_score      double precision not null,
    object_key      varchar(1024)    not null,
    sha256          varchar(64)      not null,
    width           integer          not null,
    height          integer          not null,
    model_name      varchar(128)     not null,
    model_version   varchar(128)     not null,
    created_at      timestamptz      not null default now(),
    constraint images_job_prompt_rank_uq unique (job_id, prompt_index, rank),
    constraint images_object_key_uq unique (object_key)
);
