package io.clipvq.contracts.bulk;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.time.Instant;

/**
 * Progress of a bulk job (schema: /schemas/bulk-progress.schema.json), on topic
 * {@link io.clipvq.contracts.job.Topics#BULK_PROGRESS} keyed by job id. The job's ordinary lifecycle (accepted,
 * started, progress, completed, cancelled, failed) also goes to the job-events topic; this message adds what only
 * a bulk job has: shards, rate and ETA.
 *
 * @param status          the job's status (queued, running, completed, failed, cancelled)
 * @param imagesPerSecond images written per second since the job started (null before the first image)
 * @param etaSeconds      seconds left at that rate (null when unknown)
 * @param imagesDistinct  images done that no other image of their prompt in their shard repeats byte for byte
 * @param imagesNearDistinct images of completed shards not within CLIP image cosine
 *                        {@link io.clipvq.contracts.DiversityMeasures#NEAR_DISTINCT_COSINE} of an earlier image of their prompt in
 *                        their shard
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkProgressEvent(int schemaVersion, String jobId, String timestamp, String workerId, String status,
                                long imagesDone, long imagesTotal, int shardsDone, int shardsTotal,
                                Double imagesPerSecond, Long etaSeconds, long imagesDistinct,
                                long imagesNearDistinct) {

    public static BulkProgressEvent of(String jobId, String workerId, String status, long done, long total,
                                       int shardsDone, int shardsTotal, Instant startedAt, Instant now,
                                       long distinct, long nearDistinct) {
        Rate rate = Rate.of(done, total, startedAt, now);
        return new BulkProgressEvent(BulkDefaults.SCHEMA_VERSION, jobId, now.toString(), workerId, status, done, total,
                shardsDone, shardsTotal, rate.imagesPerSecond(), rate.etaSeconds(), distinct, nearDistinct);
    }

    /**
     * Rate since the start and the time left at that rate, computed in one place for the events and the CLI.
     *
     * @param imagesPerSecond null before any image or any time has passed
     * @param etaSeconds      null when the rate is unknown
     */
    public record Rate(Double imagesPerSecond, Long etaSeconds) {
        public static Rate of(long done, long total, Instant startedAt, Instant now) {
            if (startedAt == null || done <= 0) {
                return new Rate(null, null);
            }
            double seconds = Duration.between(startedAt, now).toMillis() / 1000.0;
            if (seconds <= 0) {
                return new Rate(null, null);
            }
            double perSecond = done / seconds;
            long eta = (long) Math.ceil(Math.max(0, total - done) / perSecond);
            return new Rate(perSecond, eta);
        }
    }
}
