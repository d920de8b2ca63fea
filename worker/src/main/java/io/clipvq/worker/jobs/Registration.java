package io.clipvq.worker.jobs;

/** What a worker should do with a job request it has just received, given what the jobs table already says. */
public enum Registration {
    /** New, or unfinished (redelivery after a crash, or a retry after a failure): run it, skipping what is done. */
    RUN,
    /** Already completed: nothing to generate; the completed event is sent again for clients that wait on it. */
    ALREADY_COMPLETED,
    /** Cancelled before or while it ran: nothing to generate. */
    ALREADY_CANCELLED,
    /** The job id is taken by a different request: an idempotency key cannot be reused for other work. */
    CONFLICT
}
