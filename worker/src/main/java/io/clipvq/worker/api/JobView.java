package io.clipvq.worker.api;

import java.time.Instant;
import java.util.List;

/**
 * One job in full: its state and progress, what it asked for, and its images with links to them.
 *
 * @param kind    single or bulk (a bulk job's images are in its shard manifests, not listed here)
 * @param status  queued, running, completed, failed or cancelled
 * @param model   name:version the job runs on (or the name it asked for, before it ran); null when unknown
 * @param prompts a single job's prompts; empty for a bulk job or a request that could not be read
 */
public record JobView(String jobId, String kind, String status, Progress progress, String error, String model,
                      List<String> prompts, boolean cancelRequested, String cancelReason, Instant createdAt,
                      Instant updatedAt, Instant startedAt, Instant finishedAt, List<ImageView> images) {
}
