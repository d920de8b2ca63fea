package io.clipvq.worker.intake;

/**
 * A request reuses a job id that belongs to a different, unfinished or completed request. The message is
 * dead-lettered, but the existing job is left alone (it is not this message's job).
 */
public class JobIdConflictException extends RuntimeException {
    public JobIdConflictException(String jobId) {
        super("jobId = \"" + jobId + "\": already used by a different request (a job id is an idempotency key; "
                + "use a new id for new work)");
    }
}
