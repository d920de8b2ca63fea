package io.clipvq.worker.jobs;

import java.time.Instant;

/**
 * A job as a reader sees it: its row and when it was created, last changed and ended.
 *
 * @param finishedAt null while the job has not ended
 */
public record JobOverview(JobRow row, Instant createdAt, Instant updatedAt, Instant finishedAt) {
}
