package io.clipvq.worker.bulk;

import java.time.Instant;

/** A bulk job's progress as the bulk_progress view gives it. */
public record BulkProgress(String jobId, String status, long imagesDone, long imagesTotal, int shardsTotal,
                           int shardsCompleted, int shardsRunning, int shardsWaiting, int shardsSkipped,
                           int shardsFailed, Instant startedAt, Instant finishedAt, String cancelReason,
                           String error) {
}
