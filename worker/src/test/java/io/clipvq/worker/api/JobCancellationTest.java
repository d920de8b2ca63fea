package io.clipvq.worker.api;

import io.clipvq.contracts.job.CancelRequest;
import io.clipvq.contracts.job.JobDefaults;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.testing.InMemoryJobLedger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobCancellationTest {

    private final InMemoryJobLedger ledger = new InMemoryJobLedger();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final JobCancellation cancellation = new JobCancellation(ledger, publisher);

    private void job(String jobId, JobStatus status) {
        ledger.put(new JobRow(jobId, JobKind.SINGLE, status, "{r}", false, null, 1, 1, 0, null, null, null));
    }

    @Test
    void should_publish_the_cancel_request_the_cli_publishes_keyed_by_job_id() {
        job("run-1", JobStatus.RUNNING);

        cancellation.cancel("run-1", "changed my mind");

        assertThat(publisher.sent).hasSize(1);
        String line = publisher.sent.get(0);
        assertThat(line).startsWith("control run-1 ");
        CancelRequest sent = JobJson.parseCancel(line.substring("control run-1 ".length()));
        assertThat(sent.jobId()).isEqualTo("run-1");
        assertThat(sent.reason()).isEqualTo("changed my mind");
        assertThat(sent.requestedAt()).isNotBlank();
        // only a message; the ledger is changed by the worker that consumes it
        assertThat(ledger.row("run-1").cancelRequested()).isFalse();
    }

    @Test
    void should_answer_404_for_an_unknown_job_and_publish_nothing() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> cancellation.cancel("nope", null));

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.body().error()).contains("'nope'");
        assertThat(publisher.sent).isEmpty();
    }

    @Test
    void should_answer_409_for_a_job_that_has_ended() {
        for (JobStatus ended : new JobStatus[] {JobStatus.COMPLETED, JobStatus.CANCELLED, JobStatus.FAILED}) {
            job("ended-" + ended.dbValue(), ended);

            ApiException refused = catchThrowableOfType(ApiException.class,
                    () -> cancellation.cancel("ended-" + ended.dbValue(), null));

            assertThat(refused.status()).as(ended.dbValue()).isEqualTo(409);
            assertThat(refused.body().error()).contains(ended.dbValue());
        }
        assertThat(publisher.sent).isEmpty();
    }

    @Test
    void should_refuse_a_reason_the_control_consumer_would_refuse() {
        job("q-1", JobStatus.QUEUED);

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> cancellation.cancel("q-1", "x".repeat(JobDefaults.MAX_REASON_LENGTH + 1)));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().field()).isEqualTo("reason");
        assertThat(publisher.sent).isEmpty();
    }
}
