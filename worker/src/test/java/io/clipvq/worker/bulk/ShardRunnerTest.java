package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.bulk.ShardMessage;
import io.clipvq.contracts.bulk.ShardPlan;
import io.clipvq.contracts.bulk.ShardRange;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.ModelRef;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardRunnerTest {

    private static final List<String> PROMPTS = List.of("a red circle", "a blue square", "a green triangle");
    /** 3 prompts x 3 images = 9 images in shards of 4: [0..3], [4..7], [8]. */
    private static final BulkRequest REQUEST = BulkRequest.builder("bulk-1", new ModelRef("fake", "1.0.0"))
            .addPrompts(PROMPTS).optImagesPerPrompt(3).optShardSize(4).optSeedBase(11).build();
    private static final ShardPlan PLAN = new ShardPlan(9, 4);

    private final List<String> writes = new ArrayList<>();
    private final InMemoryJobLedger ledger = new InMemoryJobLedger();
    private final WorkerFakes.Objects images = new WorkerFakes.Objects(writes);
    private final WorkerFakes.BulkFiles files = new WorkerFakes.BulkFiles();
    private final WorkerFakes.Engine engine = new WorkerFakes.Engine();
    private final WorkerFakes.BulkEventLog events = new WorkerFakes.BulkEventLog();

    ShardRunnerTest() {
        ledger.put(new JobRow(REQUEST.jobId(), JobKind.BULK, JobStatus.RUNNING, BulkJson.toJson(REQUEST), false, null,
                PROMPTS.size(), 9, 0, null, null, null));
    }

    private InMemoryShardStore store() {
        List<ShardRange> ranges = new ArrayList<>();
        for (int s = 0; s < PLAN.shardCount(); s++) {
            ranges.add(PLAN.shard(s));
        }
        return new InMemoryShardStore(PROMPTS, ranges);
    }

    private ShardRunner runner(InMemoryShardStore store) {
        return new ShardRunner(ledger, store, files, new ImageWriter(images), engine,
                new PromptBatcher(engine, new WorkerMetrics(new SimpleMeterRegistry()), 8, 1), events,
                new WorkerMetrics(new SimpleMeterRegistry()), "worker-1", 1, 0);
    }

    private static ShardMessage shard(int index) {
        return ShardMessage.of(REQUEST.jobId(), PLAN.shard(index));
    }

    @Test
    void should_write_each_image_of_a_shard_once_then_its_manifest() {
        InMemoryShardStore store = store();

        runner(store).run(shard(1));

        assertThat(store.images.keySet()).containsExactly(4L, 5L, 6L, 7L);
        assertThat(store.shards.get(1)).isEqualTo(ShardStatus.COMPLETED);
        assertThat(files.objects).containsKey(BulkKeys.shardManifest(REQUEST, 1));
        String manifest = new String(files.objects.get(BulkKeys.shardManifest(REQUEST, 1)));
        assertThat(manifest.lines()).hasSize(4);
        // image i belongs to prompt i / imagesPerPrompt, with seed Seeds.derive(seedBase, i)
        assertThat(store.images.get(4L).promptIndex()).isEqualTo(1);
        assertThat(store.images.get(4L).seed()).isEqualTo(REQUEST.imageSeed(4));
        assertThat(images.metadata.get(BulkKeys.image(REQUEST, 4))).containsEntry("image-index", "4")
                .containsEntry("image-seed", Long.toString(REQUEST.imageSeed(4))).containsEntry("model", "fake:1.0.0");
        assertThat(ledger.row(REQUEST.jobId()).status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void should_end_the_job_with_its_manifest_when_the_last_shard_ends() {
        InMemoryShardStore store = store();
        ShardRunner runner = runner(store);

        for (int s = 0; s < PLAN.shardCount(); s++) {
            runner.run(shard(s));
        }

        assertThat(ledger.row(REQUEST.jobId()).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(files.objects).containsKey(BulkKeys.jobManifest(REQUEST));
        assertThat(events.jobEvents).extracting(e -> e.type()).containsExactly(JobEventType.COMPLETED);
        assertThat(images.metadata).hasSize(9);
    }

    @Test
    void should_resume_a_shard_a_dead_worker_left_running_with_the_same_bytes_and_no_duplicate() {
        InMemoryShardStore whole = store();
        runner(whole).run(shard(0));
        Map<Long, String> expected = whole.images.values().stream()
                .collect(Collectors.toMap(BulkImageRow::imageIndex, BulkImageRow::sha256));

        InMemoryShardStore crashed = store();
        crashed.images.put(0L, whole.images.get(0L));
        crashed.images.put(1L, whole.images.get(1L));
        crashed.shards.put(0, ShardStatus.RUNNING);
        engine.seedsGenerated.clear();
        runner(crashed).run(shard(0));

        assertThat(engine.seedsGenerated).containsExactly(REQUEST.imageSeed(2), REQUEST.imageSeed(3));
        assertThat(crashed.images.values().stream()
                .collect(Collectors.toMap(BulkImageRow::imageIndex, BulkImageRow::sha256))).isEqualTo(expected);
        assertThat(crashed.shards.get(0)).isEqualTo(ShardStatus.COMPLETED);
    }

    @Test
    void should_not_run_a_shard_that_has_ended_again() {
        InMemoryShardStore store = store();
        runner(store).run(shard(0));
        engine.seedsGenerated.clear();

        runner(store).run(shard(0));

        assertThat(engine.seedsGenerated).isEmpty();
    }

    @Test
    void should_skip_the_shards_of_a_cancelled_job_and_end_it_cancelled() {
        InMemoryShardStore store = store();
        ShardRunner runner = runner(store);
        runner.run(shard(0));
        ledger.requestCancel(REQUEST.jobId(), "enough");

        runner.run(shard(1));
        runner.run(shard(2));

        assertThat(store.shards).containsEntry(1, ShardStatus.SKIPPED).containsEntry(2, ShardStatus.SKIPPED);
        assertThat(store.images).hasSize(4);
        assertThat(ledger.row(REQUEST.jobId()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(events.jobEvents.get(events.jobEvents.size() - 1).type()).isEqualTo(JobEventType.CANCELLED);
    }

    @Test
    void should_stop_a_shard_part_way_when_the_job_is_cancelled_keeping_its_images() {
        InMemoryShardStore store = store();
        int[] calls = {0};
        engine.beforeCall = () -> {
            if (++calls[0] == 2) {
                ledger.requestCancel(REQUEST.jobId(), "stop");
            }
        };

        runner(store).run(shard(0));

        assertThat(store.shards.get(0)).isEqualTo(ShardStatus.CANCELLED);
        assertThat(store.images.keySet()).containsExactly(0L, 1L);
    }

    @Test
    void should_say_in_the_cancelled_event_which_shards_ran_which_stopped_with_their_images_and_which_never_started() {
        InMemoryShardStore store = store();
        ShardRunner runner = runner(store);
        runner.run(shard(0));
        int[] calls = {0};
        engine.beforeCall = () -> {
            // the cancel lands while the shard's third image is drawn: that image is kept, the fourth is not drawn
            if (++calls[0] == 3) {
                ledger.requestCancel(REQUEST.jobId(), "enough");
            }
        };
        runner.run(shard(1));
        runner.run(shard(2));

        assertThat(ledger.row(REQUEST.jobId()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(events.jobEvents.get(events.jobEvents.size() - 1).reason()).isEqualTo("enough (shards "
                + "completed: 1, stopped part-way: 1 (3 images kept), skipped before starting: 1)");
    }

    @Test
    void should_fail_the_shard_with_a_plain_reason_and_rethrow_when_storage_fails() {
        InMemoryShardStore store = store();
        images.failWith = new IllegalStateException("storage refused\nat frame");

        assertThatThrownBy(() -> runner(store).run(shard(0))).isInstanceOf(IllegalStateException.class);

        assertThat(store.shards.get(0)).isEqualTo(ShardStatus.FAILED);
        assertThat(store.shardErrors.get(0)).isEqualTo("storage refused");
        assertThat(store.images).isEmpty();
        assertThat(ledger.row(REQUEST.jobId()).status()).as("other shards still run").isEqualTo(JobStatus.RUNNING);
    }
}
