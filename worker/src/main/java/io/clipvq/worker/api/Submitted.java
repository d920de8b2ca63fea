package io.clipvq.worker.api;

/**
 * The answer to an accepted submit or cancel: the broker has the message; the job's state follows at
 * /api/jobs/{jobId} and on /api/events.
 *
 * @param status "submitted" or "cancel-requested"
 */
public record Submitted(String jobId, String status) {
}
