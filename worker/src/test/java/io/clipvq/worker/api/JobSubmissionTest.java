package io.clipvq.worker.api;

import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.Violation;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.testing.InMemoryJobLedger;
import io.clipvq.worker.testing.WorkerFakes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobSubmissionTest {

    private final InMemoryJobLedger ledger = new InMemoryJobLedger();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final JobSubmission submission = new JobSubmission(ledger, WorkerFakes.FAKE_MODEL_CATALOG, publisher);

    private static final String BODY = """
            {"schemaVersion": 1, "jobId": "api-1", "prompts": ["a red circle"], "candidatesPerPrompt": 4,
             "model": {"name": "fake"}}""";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String canonical(String body) {
        return JobJson.toJson(JobJson.parseRequest(body));
    }

    private void existing(JobStatus status, String request) {
        ledger.put(new JobRow("api-1", JobKind.SINGLE, status, request, false, null, 1, 1, 0, null, null,
                new ModelRef("fake", "1.0.0")));
    }

    @Test
    void should_publish_a_new_request_as_its_canonical_json_keyed_by_job_id() {
        JobSubmission.Result result = submission.submit(bytes(BODY));

        assertThat(result).isEqualTo(new JobSubmission.Result(JobSubmission.Outcome.SUBMITTED, "api-1"));
        assertThat(publisher.sent).containsExactly("requests api-1 " + canonical(BODY));
        // the defaults are filled in, as the CLI's request would have them: the intake stores and compares this text
        JobRequest published = JobJson.parseRequest(canonical(BODY));
        assertThat(published.keepPerPrompt()).isEqualTo(1);
        assertThat(published.seed()).isEqualTo(JobRequest.defaultSeedFor("api-1"));
    }

    @Test
    void should_refuse_what_the_intake_refuses_naming_every_field() {
        String body = """
                {"schemaVersion": 1, "jobId": "../up", "prompts": [], "candidatesPerPrompt": 100,
                 "model": {"name": "fake"}}""";

        ApiException refused = catchThrowableOfType(ApiException.class, () -> submission.submit(bytes(body)));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().violations()).extracting(Violation::field)
                .containsExactly("jobId", "prompts", "candidatesPerPrompt");
        assertThat(refused.body().field()).isEqualTo("jobId");
        assertThat(refused.body().error()).startsWith("the job request is invalid: jobId = \"../up\"")
                .endsWith("(and 2 more problems)");
        assertThat(publisher.sent).isEmpty();
    }

    @Test
    void should_require_a_job_id_as_the_contract_does() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> submission.submit(bytes(
                "{\"schemaVersion\": 1, \"prompts\": [\"a\"], \"model\": {\"name\": \"fake\"}}")));

        assertThat(refused.body().field()).isEqualTo("jobId");
        assertThat(refused.body().error()).contains("jobId: is required");
    }

    @Test
    void should_refuse_bytes_that_are_not_json_text() {
        ApiException notUtf8 = catchThrowableOfType(ApiException.class,
                () -> submission.submit(new byte[] {(byte) 0xff, (byte) 0xfe, '{'}));
        ApiException notJson = catchThrowableOfType(ApiException.class, () -> submission.submit(bytes("{\"jobId\": ")));
        ApiException duplicateKey = catchThrowableOfType(ApiException.class, () -> submission.submit(bytes(
                BODY.replace("\"jobId\": \"api-1\"", "\"jobId\": \"api-1\", \"jobId\": \"api-2\""))));

        assertThat(notUtf8.body().error()).contains("not UTF-8");
        assertThat(notJson.body().field()).isEqualTo("$");
        assertThat(duplicateKey.body().error()).containsIgnoringCase("duplicate");
        assertThat(publisher.sent).isEmpty();
    }

    @Test
    void should_name_the_model_field_when_no_servable_model_matches() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> submission.submit(bytes(
                BODY.replace("{\"name\": \"fake\"}", "{\"name\": \"fake\", \"version\": \"9.9.9\"}"))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().field()).isEqualTo("model");
        assertThat(refused.body().error()).contains("fake:9.9.9").contains("this worker serves fake:1.0.0");
        assertThat(publisher.sent).isEmpty();
    }

    @Test
    void should_publish_nothing_for_a_request_already_recorded() {
        for (JobStatus status : new JobStatus[] {JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED,
                JobStatus.CANCELLED}) {
            existing(status, canonical(BODY));

            assertThat(submission.submit(bytes(BODY)).outcome()).as(status.dbValue())
                    .isEqualTo(JobSubmission.Outcome.EXISTS);
        }
        assertThat(publisher.sent).isEmpty();
    }

    @Test
    void should_answer_a_conflict_for_a_different_request_under_a_used_id() {
        existing(JobStatus.COMPLETED, canonical(BODY.replace("a red circle", "a blue square")));

        assertThat(submission.submit(bytes(BODY)).outcome()).isEqualTo(JobSubmission.Outcome.CONFLICT);
        assertThat(publisher.sent).isEmpty();
    }

    @Test
    void should_publish_again_for_a_failed_job_since_submitting_again_is_how_it_is_retried() {
        existing(JobStatus.FAILED, canonical(BODY));

        assertThat(submission.submit(bytes(BODY)).outcome()).isEqualTo(JobSubmission.Outcome.SUBMITTED);
        assertThat(publisher.sent).hasSize(1);
    }
}
