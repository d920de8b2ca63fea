package io.clipvq.contracts.bulk;

import java.time.Instant;

/**
 * A bulk job's progress as the {@code bulk_progress} view gives it (worker migration V2__bulk_synthesis.sql), read
 * with {@link BulkStatusQueries#progress}: by the worker, which reports and ends bulk jobs from it, and by the
 * client's {@code clipvq synth}, which draws its progress bar from it.
 *
 * <p>{@code imagesDistinct}: images done that no other image of their prompt in their shard repeats byte for byte.
 * {@code imagesNearDistinct}: images of completed shards whose CLIP image embedding has a cosine below
 * {@link io.clipvq.contracts.DiversityMeasures#NEAR_DISTINCT_COSINE} with every earlier image of their prompt in their shard.
 */
public record BulkProgress(String jobId, String status, long imagesDone, long imagesTotal, int shardsTotal,
                           int shardsCompleted, int shardsRunning, int shardsWaiting, int shardsSkipped,
                           int shardsFailed, Instant startedAt, Instant finishedAt, String cancelReason,
                           String error, long imagesDistinct, long imagesNearDistinct) {
}
