package io.clipvq.worker.api;

import io.clipvq.worker.intake.JobImages;
import io.clipvq.worker.jobs.JobOverview;
import io.clipvq.worker.jobs.JobReads;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

/**
 * Jobs over HTTP: list, show, submit, cancel. Reads go through {@link JobReads} and {@link JobImages} only; writes
 * are messages on the same topics the CLI uses, so every change to a job is still made by a worker's consumers.
 * Blocking methods: Quarkus REST runs them on worker threads, never on the event loop.
 */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobsResource {

    private final JobReads jobs;
    private final JobImages images;
    private final JobViews views;
    private final JobSubmission submission;
    private final JobCancellation cancellation;

    @Inject
    JobsResource(JobReads jobs, JobImages images, ImageLinks links, JobSubmission submission,
                 JobCancellation cancellation) {
        this.jobs = jobs;
        this.images = images;
        this.views = new JobViews(links);
        this.submission = submission;
        this.cancellation = cancellation;
    }

    @GET
    @Operation(summary = "Jobs, newest first, optionally only those in one status")
    @APIResponse(responseCode = "200", description = "one page of jobs")
    @APIResponse(responseCode = "400", description = "a parameter out of range, or an unknown status",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public JobPage list(
            @Parameter(description = "queued, running, completed, failed or cancelled") @QueryParam("status") String status,
            @Parameter(description = "page number from 0 (at most 10000)") @QueryParam("page") String page,
            @Parameter(description = "jobs per page, 1 to 100 (default 20)") @QueryParam("size") String size) {
        JobListQuery query = JobListQuery.parse(status, page, size);
        // one more than asked says whether an older page exists, without counting the table
        List<JobOverview> found = jobs.recent(query.status(), query.offset(), query.size() + 1);
        List<JobSummary> shown = found.stream().limit(query.size()).map(views::summary).toList();
        return new JobPage(shown, query.page(), query.size(),
                query.status() == null ? null : query.status().dbValue(), found.size() > query.size());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One job: status, progress, prompts, and its images with presigned URLs")
    @APIResponse(responseCode = "200", description = "the job",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "no such job",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public JobView get(@PathParam("id") String id) {
        return view(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = ApiDocument.BEARER)
    @Operation(summary = "Submit a job request (the JSON of a request on clipvq.job-requests; jobId is required)")
    @RequestBody(description = "a job request, schema job-request.schema.json of api-contracts",
            content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "202", description = "published; the job's state follows at the Location",
            content = @Content(schema = @Schema(implementation = Submitted.class)))
    @APIResponse(responseCode = "200", description = "this request is known already; nothing published",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "invalid request or unknown model; names the field(s)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "the job id belongs to a different request; nothing published",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "no bearer token")
    @APIResponse(responseCode = "403", description = "wrong token, or no token configured on the worker")
    @APIResponse(responseCode = "503", description = "the broker did not acknowledge in time; resending is safe")
    public Response submit(byte[] body) {
        JobSubmission.Result result = submission.submit(body);
        String id = result.jobId();
        return switch (result.outcome()) {
            case SUBMITTED -> Response.accepted(new Submitted(id, "submitted")).location(location(id)).build();
            case EXISTS -> Response.ok(view(id)).location(location(id)).build();
            case CONFLICT -> Response.status(409).entity(new ApiError("job id '" + id + "' is already used by a "
                    + "different request (a job id is an idempotency key; use a new id for new work)", "jobId", null,
                    view(id))).build();
        };
    }

    @POST
    @Path("/{id}/cancel")
    @SecurityRequirement(name = ApiDocument.BEARER)
    @Operation(summary = "Ask the workers to stop a queued or running job before its next prompt")
    @APIResponse(responseCode = "202", description = "the cancel is on the control topic",
            content = @Content(schema = @Schema(implementation = Submitted.class)))
    @APIResponse(responseCode = "404", description = "no such job")
    @APIResponse(responseCode = "409", description = "the job has ended already")
    @APIResponse(responseCode = "400", description = "a body that is not {\"reason\": \"...\"}")
    @RequestBody(required = false, description = "optional: {\"reason\": \"...\"}, kept with the job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public Response cancel(@PathParam("id") String id, byte[] body) {
        cancellation.cancel(id, CancelBody.reasonOf(body));
        return Response.accepted(new Submitted(id, "cancel-requested")).location(location(id)).build();
    }

    private JobView view(String id) {
        JobOverview job = jobs.overview(id).orElseThrow(() -> ApiException.notFound("there is no job '" + id + "'"));
        return views.view(job, images.list(id));
    }

    /** Job ids are one safe path segment (SafeNames), so they need no escaping here. */
    private static URI location(String jobId) {
        return URI.create("/api/jobs/" + jobId);
    }
}
