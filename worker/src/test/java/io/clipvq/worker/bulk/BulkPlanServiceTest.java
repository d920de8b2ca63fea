package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.bulk.ShardMessage;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.worker.intake.JobIdConflictException;
import io.clipvq.worker.intake.JobRunFailedException;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.generation.PromptBatcher;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.clipvq.worker.storage.ImageWriter;
import io.clipvq.worker.testing.InMemoryJobLedger;
import io.clipvq.worker.testing.InMemoryShardStore;
import io.clipvq.worker.testing.WorkerFakes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkPlanServiceTest {

    private static final ModelRef MODEL = new ModelRef("fake", "1.0.0");

    private final InMemoryJobLedger ledger = new InMemoryJobLedger();
    private final InMemoryShardStore store = new InMemoryShardStore();
    private final WorkerFakes.BulkFiles files = new WorkerFakes.BulkFiles();
    private final WorkerFakes.Engine engine = new WorkerFakes.Engine();
    private final WorkerFakes.BulkEventLog events = new WorkerFakes.BulkEventLog();
    private final List<ShardMessage> published = new ArrayList<>();
    private final ShardRunner runner = new ShardRunner(ledger, store, files,
            new ImageWriter(new WorkerFakes.Objects(new ArrayList<>())), engine,
            new PromptBatcher(engine, new WorkerMetrics(new SimpleMeterRegistry()), 8, 1), events,
            new WorkerMetrics(new SimpleMeterRegistry()), "worker-1", 1, 0);
    private final BulkPlanService planner = new BulkPlanService(ledger, store, files, engine, events, runner,
            published::addAll, 2);

    /** 3 prompts x 3 images in shards of 4: 3 shards. */
    private static BulkRequest request(String jobId) {
        return BulkRequest.builder(jobId, MODEL).addPrompts(List.of("a", "b", "c")).optImagesPerPrompt(3)
                .optShardSize(4).build();
    }

    private List<JobEventType> eventTypes() {
        return events.jobEvents.stream().map(e -> e.type()).toList();
    }

    @Test
    void should_register_store_the_prompts_and_publish_every_shard_in_order() {
        planner.plan(request("b1"));

        JobRow row = ledger.row("b1");
        assertThat(row.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(row.kind()).isEqualTo(JobKind.BULK);
        assertThat(row.promptCount()).isEqualTo(3);
        assertThat(row.imagesExpected()).isEqualTo(9);
        assertThat(store.prompts).containsExactly("a", "b", "c");
        assertThat(published).extracting(ShardMessage::shardIndex).containsExactly(0, 1, 2);
        assertThat(published).extracting(ShardMessage::imageCount).containsExactly(4, 4, 1);
        assertThat(store.shards.values()).containsOnly(ShardStatus.PUBLISHED);
        assertThat(eventTypes()).containsExactly(JobEventType.ACCEPTED, JobEventType.STARTED);
    }

    @Test
    void should_publish_nothing_again_for_a_redelivered_request() {
        planner.plan(request("b1"));
        published.clear();

        planner.plan(request("b1"));

        assertThat(published).isEmpty();
        assertThat(eventTypes()).filteredOn(t -> t == JobEventType.ACCEPTED).hasSize(1);
    }

    @Test
    void should_only_repeat_the_final_event_of_a_job_that_has_ended() {
        BulkRequest request = request("b1");
        ledger.put(new JobRow("b1", JobKind.BULK, JobStatus.COMPLETED, BulkJson.toJson(request), false, null, 3, 9, 9,
                null, null, null));

        planner.plan(request);

        assertThat(published).isEmpty();
        assertThat(eventTypes()).containsExactly(JobEventType.COMPLETED);
    }

    @Test
    void should_refuse_a_job_id_used_by_another_request_and_leave_that_job_alone() {
        ledger.put(new JobRow("b1", JobKind.SINGLE, JobStatus.RUNNING, "{a single job}", false, null, 1, 1, 0, null,
                null, null));

        assertThatThrownBy(() -> planner.plan(request("b1"))).isInstanceOf(JobIdConflictException.class);

        assertThat(ledger.row("b1").status()).isEqualTo(JobStatus.RUNNING);
        assertThat(ledger.row("b1").kind()).isEqualTo(JobKind.SINGLE);
        assertThat(published).isEmpty();
    }

    @Test
    void should_refuse_a_model_this_worker_does_not_serve_before_registering() {
        BulkRequest request = BulkRequest.builder("b1", new ModelRef("other", null)).addPrompts(List.of("a")).build();

        assertThatThrownBy(() -> planner.plan(request)).isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("unknown model");

        assertThat(ledger.row("b1").status()).isEqualTo(JobStatus.QUEUED);
        assertThat(published).isEmpty();
    }

    @Test
    void should_fail_the_job_it_registered_naming_the_line_when_the_prompt_file_is_bad() {
        files.put("prompts/bad.jsonl", "{\"prompt\":\"fine\"}\n{\"caption\":\"no prompt\"}\n"
                .getBytes(StandardCharsets.UTF_8), "application/jsonl");
        BulkRequest request = BulkRequest.builder("b1", MODEL).optPromptsObject("prompts/bad.jsonl").build();

        assertThatThrownBy(() -> planner.plan(request)).isInstanceOf(JobRunFailedException.class);

        assertThat(ledger.row("b1").status()).isEqualTo(JobStatus.FAILED);
        assertThat(ledger.row("b1").error()).contains("line 2");
        assertThat(eventTypes()).endsWith(JobEventType.FAILED);
        assertThat(published).isEmpty();
    }

    @Test
    void should_fail_the_job_with_a_plain_reason_when_the_database_refuses_its_prompts() {
        store.storePromptsFailure = new IllegalStateException("cannot store the prompts of bulk job b1: Batch entry 0 "
                + "insert into bulk_prompts values ('b1', 0, 'a\u0000b') was aborted",
                new BatchUpdateException("insert into bulk_prompts ...", "22021", 0, new int[0], null));

        assertThatThrownBy(() -> planner.plan(request("b1"))).isInstanceOf(JobRunFailedException.class);

        assertThat(ledger.row("b1").status()).isEqualTo(JobStatus.FAILED);
        assertThat(ledger.row("b1").error()).isEqualTo("cannot store the prompts of bulk job b1: the database refused "
                + "the change (SQLSTATE 22021)");
    }

    @Test
    void should_publish_again_the_unfinished_shards_of_a_failed_job_submitted_again() {
        BulkRequest request = request("b1");
        planner.plan(request);
        store.shards.put(0, ShardStatus.COMPLETED);
        store.shards.put(1, ShardStatus.FAILED);
        ledger.failRunning("b1", "shard 1 failed");
        published.clear();

        planner.plan(request);

        assertThat(published).extracting(ShardMessage::shardIndex).containsExactly(1, 2);
        assertThat(ledger.row("b1").status()).isEqualTo(JobStatus.RUNNING);
        assertThat(store.shards.get(0)).isEqualTo(ShardStatus.COMPLETED);
    }
}
