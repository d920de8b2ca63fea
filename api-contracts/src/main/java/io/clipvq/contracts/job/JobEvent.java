package io.clipvq.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One thing that happened to a job (schema: /schemas/job-event.schema.json). Fields that do not apply to the
 * event's type are null and left out of the JSON.
 *
 * <ul>
 *   <li>accepted, started, progress, completed: imagesDone, imagesTotal</li>
 *   <li>image-written: promptIndex, rank, candidateIndex, seed, clipScore, objectKey, sha256, imagesDone,
 *       imagesTotal</li>
 *   <li>failed: reason (imagesDone, imagesTotal when known)</li>
 *   <li>cancelled: imagesDone, imagesTotal, reason</li>
 * </ul>
 *
 * @param timestamp ISO-8601 instant at which the worker emitted the event
 * @param workerId  the worker instance that emitted it (null when not emitted by a worker)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(int schemaVersion, JobEventType type, String jobId, String timestamp, String workerId,
                       Integer imagesDone, Integer imagesTotal, Integer promptIndex, Integer rank,
                       Integer candidateIndex, Long seed, Double clipScore, String objectKey, String sha256,
                       String reason) {

    private static JobEvent progressLike(JobEventType type, String jobId, String workerId, int done, int total,
                                         String reason) {
        return new JobEvent(JobDefaults.SCHEMA_VERSION, type, jobId, Instant.now().toString(), workerId, done,
                total, null, null, null, null, null, null, null, reason);
    }

    /** A job recorded on arrival; total is null while unknown (a bulk job whose prompts file is not read yet). */
    public static JobEvent accepted(String jobId, String workerId, int done, Integer total) {
        return new JobEvent(JobDefaults.SCHEMA_VERSION, JobEventType.ACCEPTED, jobId, Instant.now().toString(),
                workerId, done, total, null, null, null, null, null, null, null, null);
    }

    public static JobEvent started(String jobId, String workerId, int done, int total) {
        return progressLike(JobEventType.STARTED, jobId, workerId, done, total, null);
    }

    public static JobEvent progress(String jobId, String workerId, int done, int total) {
        return progressLike(JobEventType.PROGRESS, jobId, workerId, done, total, null);
    }

    public static JobEvent completed(String jobId, String workerId, int done, int total) {
        return progressLike(JobEventType.COMPLETED, jobId, workerId, done, total, null);
    }

    public static JobEvent cancelled(String jobId, String workerId, int done, int total, String reason) {
        return progressLike(JobEventType.CANCELLED, jobId, workerId, done, total, reason);
    }

    /** A failure; done and total may be null when the request never got far enough to know them. */
    public static JobEvent failed(String jobId, String workerId, Integer done, Integer total, String reason) {
        return new JobEvent(JobDefaults.SCHEMA_VERSION, JobEventType.FAILED, jobId, Instant.now().toString(),
                workerId, done, total, null, null, null, null, null, null, null, reason);
    }

    public static JobEvent imageWritten(String jobId, String workerId, int promptIndex, int rank,
                                        int candidateIndex, long seed, double clipScore, String objectKey,
                                        String sha256, int done, int total) {
        return new JobEvent(JobDefaults.SCHEMA_VERSION, JobEventType.IMAGE_WRITTEN, jobId,
                Instant.now().toString(), workerId, done, total, promptIndex, rank, candidateIndex, seed, clipScore,
                objectKey, sha256, null);
    }
}
