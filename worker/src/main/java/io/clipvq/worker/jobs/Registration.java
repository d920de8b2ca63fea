package io.clipvq.worker.jobs;

/** What a worker should do with a job request it has just received, given what the jobs table already says. */
public enum Registration {
    /** New, queued, or left running by a crashed attempt: run it, skipping what is done. */
    RUN,
    /** The job failed before and is submitted again with the same request: run it again, keeping what was done. */
    RETRY,
    /** Already completed: nothing to generate; the completed event is sent again for clients that wait on it. */
    ALREADY_COMPLETED,
    /** Cancelled before or while it ran: nothing to generate. */
    ALREADY_CANCELLED,
    /** The job id is taken by a different request: an idempotency key cannot be reused for other work. */
    CONFLICT;

    /**
     * The registration state machine, the same for every kind of job.
     *
     * @param existing the job's row before this request, or null when there is none
     * @param request  the request's canonical JSON
     */
    public static Registration decide(JobRow existing, String request) {
        if (existing == null) {
            return RUN;
        }
        JobStatus status = existing.status();
        // an id is an idempotency key: other work under a used id is refused, even once that job has ended; a failed
        // job may be submitted again with a corrected request
        if (existing.request() != null && status != JobStatus.FAILED && !existing.request().equals(request)) {
            return CONFLICT;
        }
        if (status == JobStatus.COMPLETED) {
            return ALREADY_COMPLETED;
        }
        if (status == JobStatus.CANCELLED || existing.cancelRequested()) {
            return ALREADY_CANCELLED;
        }
        return status == JobStatus.FAILED ? RETRY : RUN;
    }

    public boolean runs() {
        return this == RUN || this == RETRY;
    }
}
