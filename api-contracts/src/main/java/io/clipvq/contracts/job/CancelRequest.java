package io.clipvq.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Asks the workers to stop a job between images (schema: /schemas/cancel-request.schema.json). Images already
 * written stay, and stay recorded.
 *
 * @param schemaVersion {@link JobDefaults#SCHEMA_VERSION}
 * @param jobId         the job to cancel
 * @param reason        free text kept with the job, may be null
 * @param requestedAt   ISO-8601 instant the cancel was requested
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CancelRequest(int schemaVersion, String jobId, String reason, String requestedAt) {

    public static CancelRequest of(String jobId, String reason) {
        return new CancelRequest(JobDefaults.SCHEMA_VERSION, jobId, reason, java.time.Instant.now().toString());
    }
}
