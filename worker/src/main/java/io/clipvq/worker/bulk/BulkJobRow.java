package io.clipvq.worker.bulk;

import io.clipvq.worker.jobs.JobStatus;

import java.time.Instant;

/** What a shard runner needs from the bulk job's row in jobs. */
public record BulkJobRow(String jobId, String kind, JobStatus status, String request, boolean cancelRequested,
                         String cancelReason, Integer imagesExpected, Instant startedAt) {
}
