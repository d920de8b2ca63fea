package io.clipvq.worker.intake;

/**
 * A job that ran and failed on this worker; its runner has already marked it failed and sent its failed event, so
 * the rejection path only dead-letters the record.
 */
public class JobRunFailedException extends RuntimeException {
    public JobRunFailedException(String jobId, String reason, Throwable cause) {
        super("job " + jobId + " failed: " + reason, cause);
    }
}
