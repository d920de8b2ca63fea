package io.clipvq.worker.intake;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobSettings;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.clipvq.worker.storage.ImageWriter;
import io.clipvq.worker.storage.StorageException;
import io.clipvq.worker.testing.InMemoryJobLedger;
import io.clipvq.worker.testing.WorkerFakes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobRunnerTest {

    private final List<String> writes = new ArrayList<>();
    private final InMemoryJobLedger ledger = new InMemoryJobLedger();
    private final WorkerFakes.Images images = new WorkerFakes.Images(writes);
    private final WorkerFakes.Objects objects = new WorkerFakes.Objects(writes);
    private final WorkerFakes.Events events = new WorkerFakes.Events();
    private final WorkerFakes.Generator generator = new WorkerFakes.Generator();
    private final JobRunner runner = new JobRunner(ledger, images, new ImageWriter(objects), generator, events,
            new WorkerMetrics(new SimpleMeterRegistry()), "worker-1");

    private static JobRequest request(String jobId, int keep, String... prompts) {
        JobRequest.Builder builder = JobRequest.builder(jobId, new ModelRef("fake", "1.0.0")).optSeed(7)
                .optCandidatesPerPrompt(4).optKeepPerPrompt(keep);
        for (String prompt : prompts) {
            builder.addPrompt(prompt);
        }
        return builder.build();
    }

    @Test
    void should_store_every_image_before_recording_it_and_complete_the_job() {
        runner.run(request("j1", 2, "a red circle", "a blue square"));

        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ledger.row("j1").imagesWritten()).isEqualTo(4);
        assertThat(images.count("j1")).isEqualTo(4);
        for (int i = 0; i < writes.size(); i += 2) {
            assertThat(writes.get(i)).startsWith("put ");
            assertThat(writes.get(i + 1)).isEqualTo("record " + writes.get(i).substring(4));
        }
        assertThat(events.types()).containsExactly(JobEventType.ACCEPTED, JobEventType.STARTED,
                JobEventType.IMAGE_WRITTEN, JobEventType.IMAGE_WRITTEN, JobEventType.PROGRESS,
                JobEventType.IMAGE_WRITTEN, JobEventType.IMAGE_WRITTEN, JobEventType.PROGRESS, JobEventType.COMPLETED);
    }

    @Test
    void should_write_metadata_that_names_the_image_and_its_bytes() {
        runner.run(request("j1", 1, "a red circle"));

        String key = objects.metadata.keySet().iterator().next();
        assertThat(objects.metadata.get(key)).containsEntry("job-id", "j1").containsEntry("prompt-index", "0")
                .containsEntry("rank", "0").containsEntry("model", "fake:1.0.0")
                .containsEntry("sha256", images.rows.get(0).sha256)
                .containsEntry("seed", Long.toString(images.rows.get(0).seed));
    }

    @Test
    void should_resume_a_redelivered_job_without_generating_finished_prompts_again() {
        JobRequest request = request("j1", 1, "p0", "p1", "p2");
        generator.beforePrompt = p -> {
            if (p == 1) {
                throw new IllegalStateException("worker killed");
            }
        };
        assertThatThrownBy(() -> runner.run(request)).isInstanceOf(JobRunFailedException.class);
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.FAILED);

        generator.beforePrompt = p -> {
        };
        generator.promptsGenerated.clear();
        runner.run(request);

        assertThat(generator.promptsGenerated).containsExactly(1, 2);
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(images.rows).extracting(i -> i.promptIndex).containsExactly(0, 1, 2);
    }

    @Test
    void should_announce_on_the_next_attempt_an_image_recorded_but_never_announced() {
        JobRequest request = request("j1", 1, "p0", "p1");
        events.beforeSend = event -> {
            if (event.type() == JobEventType.IMAGE_WRITTEN && Integer.valueOf(0).equals(event.promptIndex())) {
                throw new IllegalStateException("worker killed before the broker acknowledged");
            }
        };
        assertThatThrownBy(() -> runner.run(request)).isInstanceOf(JobRunFailedException.class);
        assertThat(images.rows).extracting(i -> i.announced).containsExactly(false);

        events.beforeSend = event -> {
        };
        events.sent.clear();
        runner.run(request);

        assertThat(events.sent).filteredOn(e -> e.type() == JobEventType.IMAGE_WRITTEN)
                .extracting(JobEvent::objectKey).containsExactly(images.rows.get(0).objectKey,
                        images.rows.get(1).objectKey);
        assertThat(images.rows).extracting(i -> i.announced).containsExactly(true, true);
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void should_stop_between_prompts_when_a_cancel_is_recorded() {
        generator.beforePrompt = p -> {
            if (p == 0) {
                ledger.requestCancel("j1", "enough");
            }
        };
        runner.run(request("j1", 1, "p0", "p1", "p2"));

        assertThat(generator.promptsGenerated).containsExactly(0);
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(events.sent.get(events.sent.size() - 1).reason()).isEqualTo("enough");
    }

    @Test
    void should_generate_the_prompts_not_done_in_calls_of_at_most_prompts_per_call_and_write_each_once() {
        JobRequest request = request("j1", 1, "p0", "p1", "p2", "p3", "p4", "p5");
        generator.promptsPerCall = 2;
        generator.beforePrompt = p -> {
            if (p == 3) {
                throw new IllegalStateException("worker killed");
            }
        };
        assertThatThrownBy(() -> runner.run(request)).isInstanceOf(JobRunFailedException.class);
        generator.beforePrompt = p -> {
        };
        generator.calls.clear();

        runner.run(request);

        assertThat(generator.calls).containsExactly(List.of(2, 3), List.of(4, 5));
        assertThat(images.rows).extracting(i -> i.promptIndex).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void should_stop_between_calls_when_a_cancel_is_recorded() {
        generator.promptsPerCall = 2;
        generator.beforePrompt = p -> {
            if (p == 0) {
                ledger.requestCancel("j1", "enough");
            }
        };
        runner.run(request("j1", 1, "p0", "p1", "p2", "p3"));

        assertThat(generator.calls).containsExactly(List.of(0, 1));
        assertThat(images.rows).extracting(i -> i.promptIndex).containsExactly(0, 1);
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void should_let_a_second_delivery_of_a_running_job_wait_and_then_find_it_completed() throws Exception {
        JobRequest request = request("j1", 1, "p0", "p1");
        java.util.concurrent.CountDownLatch generating = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        generator.beforePrompt = p -> {
            generating.countDown();
            try {
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> first = threads.submit(() -> runner.run(request));
            assertThat(generating.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.Future<?> again = threads.submit(() -> runner.run(request));
            Thread.sleep(200);
            assertThat(again).as("the redelivery waits for the run in progress").isNotDone();

            release.countDown();
            first.get(10, java.util.concurrent.TimeUnit.SECONDS);
            again.get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(generator.promptsGenerated).containsExactly(0, 1);
        assertThat(images.rows).extracting(i -> i.promptIndex).containsExactly(0, 1);
        assertThat(events.types()).filteredOn(t -> t == JobEventType.COMPLETED).hasSize(2);
    }

    @Test
    void should_end_cancelled_without_generating_when_the_cancel_came_first() {
        ledger.requestCancel("j1", "changed my mind");

        runner.run(request("j1", 1, "p0"));

        assertThat(generator.promptsGenerated).isEmpty();
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(events.types()).containsExactly(JobEventType.CANCELLED);
    }

    @Test
    void should_refuse_a_job_id_that_belongs_to_another_request_and_leave_that_job_alone() {
        runner.run(request("j1", 1, "p0"));
        int before = writes.size();

        assertThatThrownBy(() -> runner.run(request("j1", 1, "something else")))
                .isInstanceOf(JobIdConflictException.class);
        assertThat(writes).hasSize(before);
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ledger.row("j1").request()).contains("p0");
    }

    @Test
    void should_only_repeat_the_completed_event_for_a_completed_job() {
        runner.run(request("j1", 1, "p0"));
        events.sent.clear();
        generator.promptsGenerated.clear();

        runner.run(request("j1", 1, "p0"));

        assertThat(generator.promptsGenerated).isEmpty();
        assertThat(events.types()).containsExactly(JobEventType.COMPLETED);
    }

    @Test
    void should_fail_its_own_job_with_a_plain_reason_when_storage_refuses_writes() {
        objects.failWith = new StorageException("cannot write object 'x' to bucket 'b': connection refused\n"
                + "\tat some.library.Frame", null);

        assertThatThrownBy(() -> runner.run(request("j1", 1, "p0"))).isInstanceOf(JobRunFailedException.class);

        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.FAILED);
        assertThat(ledger.row("j1").error()).isEqualTo("cannot write object 'x' to bucket 'b': connection refused");
        assertThat(events.types()).endsWith(JobEventType.FAILED);
        assertThat(images.rows).isEmpty();
    }

    @Test
    void should_generate_the_next_prompt_while_the_previous_prompts_images_are_written() {
        CountDownLatch secondPromptStarted = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        generator.beforePrompt = p -> {
            if (p == 1) {
                secondPromptStarted.countDown();
            }
        };
        // a runner that wrote before generating again would wait here the whole 10 s and leave overlapped false
        objects.beforePut = key -> {
            if (key.contains("p00000")) {
                overlapped.set(awaitQuietly(secondPromptStarted));
            }
        };

        runner.run(request("j1", 1, "p0", "p1"));

        assertThat(overlapped).isTrue();
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(events.types()).containsExactly(JobEventType.ACCEPTED, JobEventType.STARTED,
                JobEventType.IMAGE_WRITTEN, JobEventType.PROGRESS, JobEventType.IMAGE_WRITTEN, JobEventType.PROGRESS,
                JobEventType.COMPLETED);
    }

    @Test
    void should_stop_generating_and_write_nothing_more_once_a_prompts_writes_have_failed() {
        objects.failWith = new StorageException("cannot write object: connection refused", null);

        assertThatThrownBy(() -> runner.run(request("j1", 1, "p0", "p1", "p2", "p3")))
                .isInstanceOf(JobRunFailedException.class);

        // prompt 0's failed writes are seen when prompt 1 is generated, before prompt 2
        assertThat(generator.promptsGenerated).containsExactly(0, 1);
        assertThat(images.rows).isEmpty();
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.FAILED);
        assertThat(events.types()).containsExactly(JobEventType.ACCEPTED, JobEventType.STARTED, JobEventType.FAILED);
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void should_refuse_a_model_this_worker_does_not_serve_before_running_anything() {
        JobRequest request = JobRequest.builder("j1", new ModelRef("other", null)).addPrompt("p0").build();

        assertThatThrownBy(() -> runner.run(request)).isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("unknown model");
        assertThat(generator.promptsGenerated).isEmpty();
        assertThat(ledger.row("j1").status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void should_send_the_accepted_event_once_whoever_records_the_arrival_first() {
        JobRequest request = request("j1", 1, "p0");
        ledger.recordArrival("j1", JobKind.SINGLE, JobJson.toJson(request), JobSettings.of(request), () -> {
        });

        runner.run(request);

        assertThat(events.types()).doesNotContain(JobEventType.ACCEPTED).contains(JobEventType.COMPLETED);
    }
}
