package io.clipvq.worker.api;

import java.time.Instant;

/**
 * A job in a list: what a gallery shows before it opens the job.
 *
 * @param kind        single or bulk
 * @param status      queued, running, completed, failed or cancelled
 * @param model       name:version the job runs on (or the name it asked for, before it ran)
 * @param firstPrompt the first prompt of a single job; null for a bulk job or an unreadable request
 */
public record JobSummary(String jobId, String kind, String status, Progress progress, String error, String model,
                         String firstPrompt, int promptCount, boolean cancelRequested, Instant createdAt,
                         Instant updatedAt, Instant finishedAt) {
}
