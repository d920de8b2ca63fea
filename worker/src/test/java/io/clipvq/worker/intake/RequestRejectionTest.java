package io.clipvq.worker.intake;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.Violation;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.clipvq.worker.testing.InMemoryJobLedger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRejectionTest {

    private final InMemoryJobLedger ledger = new InMemoryJobLedger();
    private final List<String> failedEvents = new ArrayList<>();

    private RequestRejection rejection(JobKind kind) {
        return new RequestRejection(Logger.getLogger(RequestRejectionTest.class), kind, ledger,
                new WorkerMetrics(new SimpleMeterRegistry()), () -> "worker-1",
                (jobId, reason) -> failedEvents.add(jobId + ": " + reason));
    }

    private static ConsumerRecord<String, byte[]> record(String key, String value) {
        return new ConsumerRecord<>("clipvq.bulk-requests", 0, 42L, key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static RuntimeException parseFailure(String value) {
        try {
            JobJson.parseRequest(value);
            throw new AssertionError("expected the value to be refused: " + value);
        } catch (InvalidJobMessageException e) {
            return e;
        }
    }

    private void running(String jobId, JobKind kind) {
        ledger.put(new JobRow(jobId, kind, JobStatus.RUNNING, "{\"jobId\":\"" + jobId + "\"}", false, null, 1, 1, 0,
                null, null, null));
    }

    @Test
    void should_never_mark_a_running_job_failed_for_a_malformed_message_naming_it() {
        running("job-1", JobKind.SINGLE);
        String bad = "{\"schemaVersion\":1,\"jobId\":\"job-1\"}";

        RejectedMessageException nack = rejection(JobKind.BULK).reject(record("job-1", bad), null,
                new InvalidJobMessageException(List.of(new Violation("prompts", "(missing)", "required")), "job-1"));

        assertThat(ledger.row("job-1").status()).isEqualTo(JobStatus.RUNNING);
        assertThat(ledger.row("job-1").error()).isNull();
        assertThat(failedEvents).isEmpty();
        assertThat(nack.getMessage()).contains("prompts");
    }

    @Test
    void should_never_mark_a_queued_job_of_another_request_failed() {
        ledger.put(new JobRow("job-2", JobKind.SINGLE, JobStatus.QUEUED, "{\"the\":\"real request\"}", false, null, 1,
                1, 0, null, null, null));

        rejection(JobKind.SINGLE).reject(record("job-2", "{\"jobId\":\"job-2\", oops"), null,
                parseFailure("{\"jobId\":\"job-2\", oops"));

        assertThat(ledger.row("job-2").status()).isEqualTo(JobStatus.QUEUED);
        assertThat(failedEvents).isEmpty();
    }

    @Test
    void should_fail_the_job_a_rejected_request_registered_itself() {
        ledger.put(new JobRow("job-3", JobKind.SINGLE, JobStatus.QUEUED, "{canonical}", false, null, 1, 1, 0, null,
                null, null));

        rejection(JobKind.SINGLE).reject(record("job-3", "{raw}"),
                new RequestRejection.ParsedRequest("job-3", "{canonical}"),
                new InvalidJobMessageException(List.of(new Violation("model", "x:1", "unknown model")), "job-3"));

        assertThat(ledger.row("job-3").status()).isEqualTo(JobStatus.FAILED);
        assertThat(ledger.row("job-3").error()).contains("unknown model");
        assertThat(failedEvents).hasSize(1);
    }

    @Test
    void should_record_an_unknown_job_failed_with_the_message_as_printable_text() {
        String binary = "{\"jobId\":\"job-4\"\u0000\u0001}";

        rejection(JobKind.SINGLE).reject(record("job-4", binary), null, parseFailure(binary));

        JobRow row = ledger.row("job-4");
        assertThat(row.status()).isEqualTo(JobStatus.FAILED);
        assertThat(row.request()).doesNotContain("\u0000").contains("\\u0000").contains("\\u0001");
    }

    @Test
    void should_leave_every_job_alone_for_an_id_conflict_or_a_key_that_is_not_the_job_id() {
        running("job-5", JobKind.SINGLE);

        rejection(JobKind.SINGLE).reject(record("job-5", "{}"), new RequestRejection.ParsedRequest("job-5", "{}"),
                new JobIdConflictException("job-5"));
        rejection(JobKind.SINGLE).reject(record("job-5", "{}"), new RequestRejection.ParsedRequest("job-6", "{}"),
                new KeyMismatchException("job-5", "job-6"));

        assertThat(ledger.row("job-5").status()).isEqualTo(JobStatus.RUNNING);
        assertThat(ledger.row("job-6")).isNull();
        assertThat(failedEvents).isEmpty();
    }

    @Test
    void should_give_a_one_line_printable_dead_letter_reason() {
        RejectedMessageException nack = rejection(JobKind.SINGLE).reject(record(null, "x"), null,
                new IllegalStateException("bad\u0000thing\nat line 2"));

        assertThat(nack.getMessage()).isEqualTo("bad?thing");
    }
}
