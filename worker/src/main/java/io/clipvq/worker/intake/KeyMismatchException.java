package io.clipvq.worker.intake;

/**
 * A request whose Kafka key is not its job id. Keys place a job's messages on one partition (so its redeliveries
 * and its cancel stay in order); a mismatch means a producer bug, so the message is dead-lettered and no job,
 * neither the key's nor the jobId's, is touched.
 */
public class KeyMismatchException extends RuntimeException {
    public KeyMismatchException(String key, String jobId) {
        super("jobId = \"" + jobId + "\": the record key \"" + shorten(key) + "\" differs; a request must be "
                + "keyed by its job id");
    }

    /** Checks a request's key (a record without key is accepted: the client library sets it from the job id). */
    public static void check(String key, String jobId) {
        if (key != null && !key.equals(jobId)) {
            throw new KeyMismatchException(key, jobId);
        }
    }

    private static String shorten(String key) {
        return key.length() <= 64 ? key : key.substring(0, 61) + "...";
    }
}
