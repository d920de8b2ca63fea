-- Whether an image's image-written event has been acknowledged by the broker. A worker killed between recording an
-- image and announcing it leaves the row unannounced; the job's next attempt announces it (JobRunner). Rows from
-- before this column count as announced.
alter table images add column announced boolean not null default true;
alter table images alter column announced set default false;
create index images_unannounced on images (job_id) where not announced;
