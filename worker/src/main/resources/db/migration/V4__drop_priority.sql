-- The job request no longer carries a priority (it was stored and never used: jobs run in arrival order within a
-- partition; docs/architecture.md, "Queued jobs").
alter table jobs drop column priority;
