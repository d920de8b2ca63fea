package io.clipvq.worker.api;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.Violation;
import io.clipvq.worker.generation.ModelCatalog;
import io.clipvq.worker.generation.ModelPin;
import io.clipvq.worker.intake.MessageText;
import io.clipvq.worker.jobs.JobReads;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.Registration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * POST /api/jobs: a job request body, checked by exactly the code the Kafka intake runs (MessageText.decode, then
 * JobJson.parseRequest: schema, JobRequestValidator), then against the models this worker serves, then against the
 * jobs table the way registration would decide it ({@link Registration#decide}):
 *
 * <ul>
 *   <li>no job under that id, or a failed one (submitting again is how a failed job is retried): the canonical JSON
 *       is published on the requests topic keyed by the job id;</li>
 *   <li>the same request already recorded (queued, running, completed, cancelled): nothing is published;</li>
 *   <li>a different request under that id: a conflict, nothing is published.</li>
 * </ul>
 *
 * <p>The API only reads the jobs table; the request's row appears when the workers' registrar records it. Two
 * identical submits racing may both publish: the intake answers the second from the ledger, as for any redelivery.
 */
@ApplicationScoped
public class JobSubmission {

    /** What became of a submitted request. */
    public enum Outcome {
        /** Published: the job will run (or run again, after a failure). */
        SUBMITTED,
        /** The same request is already known: nothing published. */
        EXISTS,
        /** The job id belongs to a different request: nothing published. */
        CONFLICT
    }

    public record Result(Outcome outcome, String jobId) {
    }

    private final JobReads jobs;
    private final ModelCatalog models;
    private final RequestPublisher publisher;

    @Inject
    public JobSubmission(JobReads jobs, ModelCatalog models, RequestPublisher publisher) {
        this.jobs = jobs;
        this.models = models;
        this.publisher = publisher;
    }

    /** @throws ApiException 400 naming every broken rule, or "model" when no servable model matches */
    public Result submit(byte[] body) {
        JobRequest request;
        try {
            request = JobJson.parseRequest(MessageText.decode(body));
        } catch (InvalidJobMessageException e) {
            throw invalid(e.violations());
        }
        if (models.resolve(request.model()).isEmpty()) {
            throw invalid(List.of(new Violation("model", request.model().toString(),
                    "unknown model: this worker serves " + ModelPin.list(models))));
        }
        String canonical = JobJson.toJson(request);
        Optional<JobRow> existing = jobs.find(request.jobId());
        if (existing.isPresent()) {
            Registration decision = Registration.decide(existing.get(), canonical);
            if (decision == Registration.CONFLICT) {
                return new Result(Outcome.CONFLICT, request.jobId());
            }
            if (decision != Registration.RETRY) {
                return new Result(Outcome.EXISTS, request.jobId());
            }
        }
        publisher.publishRequest(request.jobId(), canonical);
        return new Result(Outcome.SUBMITTED, request.jobId());
    }

    private static ApiException invalid(List<Violation> violations) {
        Violation first = violations.get(0);
        String more = violations.size() == 1 ? "" : " (and " + (violations.size() - 1) + " more problems)";
        return new ApiException(400, new ApiError("the job request is invalid: " + first + more, first.field(),
                violations, null));
    }
}
