package io.clipvq.worker.api;

import io.clipvq.contracts.job.CancelRequest;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.Violation;
import io.clipvq.worker.jobs.JobReads;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * POST /api/jobs/{id}/cancel: publishes the CancelRequest that {@code clipvq cancel} publishes, on the control topic
 * keyed by the job id, checked first by the control consumer's own parser. Only a job that is queued or running can
 * still be stopped; the worker running it stops before its next prompt, keeping the images written.
 */
@ApplicationScoped
public class JobCancellation {

    private final JobReads jobs;
    private final RequestPublisher publisher;

    @Inject
    public JobCancellation(JobReads jobs, RequestPublisher publisher) {
        this.jobs = jobs;
        this.publisher = publisher;
    }

    /**
     * @param reason kept with the job; may be null
     * @throws ApiException 404 for an unknown job, 409 for a job that has ended, 400 for a reason too long
     */
    public void cancel(String jobId, String reason) {
        JobRow job = jobs.find(jobId).orElseThrow(() -> ApiException.notFound("there is no job '" + jobId + "'"));
        if (job.status() != JobStatus.QUEUED && job.status() != JobStatus.RUNNING) {
            throw new ApiException(409, ApiError.of("job '" + jobId + "' has ended (" + job.status().dbValue()
                    + "); there is nothing to cancel", null));
        }
        String json = JobJson.toJson(CancelRequest.of(jobId, reason));
        try {
            JobJson.parseCancel(json);
        } catch (InvalidJobMessageException e) {
            Violation first = e.violations().get(0);
            throw new ApiException(400, new ApiError("the cancel is invalid: " + first, first.field(),
                    e.violations(), null));
        }
        publisher.publishCancel(jobId, json);
    }
}
