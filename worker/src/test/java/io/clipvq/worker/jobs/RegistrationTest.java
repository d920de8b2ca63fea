package io.clipvq.worker.jobs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationTest {

    private static JobRow row(JobStatus status, String request, boolean cancelRequested) {
        return new JobRow("j", JobKind.SINGLE, status, request, cancelRequested, null, 1, 1, 0, null, null, null);
    }

    @Test
    void should_run_a_new_job_and_one_queued_under_the_same_request() {
        assertThat(Registration.decide(null, "{a}")).isEqualTo(Registration.RUN);
        assertThat(Registration.decide(row(JobStatus.QUEUED, "{a}", false), "{a}")).isEqualTo(Registration.RUN);
        assertThat(Registration.decide(row(JobStatus.RUNNING, "{a}", false), "{a}")).isEqualTo(Registration.RUN);
    }

    @Test
    void should_refuse_a_used_id_for_other_work_whatever_the_job_state_but_failed() {
        for (JobStatus status : new JobStatus[]{JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED,
                JobStatus.CANCELLED}) {
            assertThat(Registration.decide(row(status, "{a}", false), "{b}")).as(status.name())
                    .isEqualTo(Registration.CONFLICT);
        }
        assertThat(Registration.decide(row(JobStatus.FAILED, "{a}", false), "{b}")).isEqualTo(Registration.RETRY);
    }

    @Test
    void should_not_run_an_ended_or_cancelled_job_again() {
        assertThat(Registration.decide(row(JobStatus.COMPLETED, "{a}", false), "{a}"))
                .isEqualTo(Registration.ALREADY_COMPLETED);
        assertThat(Registration.decide(row(JobStatus.CANCELLED, "{a}", true), "{a}"))
                .isEqualTo(Registration.ALREADY_CANCELLED);
        assertThat(Registration.decide(row(JobStatus.QUEUED, null, true), "{a}"))
                .isEqualTo(Registration.ALREADY_CANCELLED);
        assertThat(Registration.decide(row(JobStatus.RUNNING, "{a}", true), "{a}"))
                .isEqualTo(Registration.ALREADY_CANCELLED);
    }

    @Test
    void should_let_a_rejected_message_fail_only_a_job_it_owns() {
        assertThat(JobLedger.rejectionMayFail(null, JobKind.BULK, "{m}")).isTrue();
        assertThat(JobLedger.rejectionMayFail(row(JobStatus.QUEUED, null, true), JobKind.BULK, "{m}")).isTrue();
        assertThat(JobLedger.rejectionMayFail(row(JobStatus.QUEUED, "{m}", false), JobKind.SINGLE, "{m}")).isTrue();
        assertThat(JobLedger.rejectionMayFail(row(JobStatus.QUEUED, "{m}", false), JobKind.BULK, "{m}")).isFalse();
        assertThat(JobLedger.rejectionMayFail(row(JobStatus.QUEUED, "{other}", false), JobKind.SINGLE, "{m}"))
                .isFalse();
        for (JobStatus status : new JobStatus[]{JobStatus.RUNNING, JobStatus.COMPLETED, JobStatus.CANCELLED,
                JobStatus.FAILED}) {
            assertThat(JobLedger.rejectionMayFail(row(status, "{m}", false), JobKind.SINGLE, "{m}")).as(status.name())
                    .isFalse();
        }
    }
}
