package io.clipvq.worker.cancel;

import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.testing.InMemoryJobLedger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CancelConsumerTest {

    private final InMemoryJobLedger ledger = new InMemoryJobLedger();
    private final CancelConsumer consumer = new CancelConsumer(ledger);

    private static String cancel(String jobId) {
        return "{\"schemaVersion\":1,\"jobId\":\"" + jobId + "\",\"reason\":\"stop\"}";
    }

    @Test
    void should_flag_a_running_job_for_its_runner_to_stop() {
        ledger.put(new JobRow("j1", JobKind.SINGLE, JobStatus.RUNNING, "{r}", false, null, 1, 1, 0, null, null, null));

        consumer.consume(cancel("j1"));

        assertThat(ledger.row("j1").cancelRequested()).isTrue();
        assertThat(ledger.row("j1").cancelReason()).isEqualTo("stop");
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void should_end_a_job_no_one_runs_yet_at_once_so_no_row_waits_forever() {
        ledger.put(new JobRow("queued", JobKind.SINGLE, JobStatus.QUEUED, "{r}", false, null, 1, 1, 0, null, null, null));

        consumer.consume(cancel("queued"));
        consumer.consume(cancel("unseen"));

        assertThat(ledger.row("queued").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(ledger.row("unseen").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(ledger.row("unseen").cancelReason()).isEqualTo("stop");
    }

    @Test
    void should_leave_a_finished_job_as_it_is() {
        ledger.put(new JobRow("j1", JobKind.BULK, JobStatus.COMPLETED, "{r}", false, null, 1, 1, 1, null, null, null));

        consumer.consume(cancel("j1"));

        assertThat(ledger.row("j1").cancelRequested()).isFalse();
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void should_ignore_a_broken_control_message() {
        consumer.consume("{not json");
        consumer.consume("{\"schemaVersion\":1,\"jobId\":\"../etc\"}");

        assertThat(ledger.find("../etc")).isEmpty();
    }
}
