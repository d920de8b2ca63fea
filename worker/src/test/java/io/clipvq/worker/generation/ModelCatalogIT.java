package io.clipvq.worker.generation;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.SamplingSettings;
import io.clipvq.contracts.job.Topics;
import io.clipvq.devstack.DevStack;
import io.clipvq.devstack.SharedDevStack;
import io.clipvq.worker.testing.JobChecks;
import io.clipvq.worker.testing.JobTestClient;
import io.clipvq.worker.testing.TestBundles;
import io.clipvq.worker.testing.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One worker serving several models: bundles in a directory of bundles and under an S3 prefix, one added to each
 * while it runs, engines opened on first use and closed least recently used first within a memory budget small
 * enough that every new model closes another.
 */
class ModelCatalogIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final SamplingSettings FAST = new SamplingSettings(4, null, null);
    private static final ModelRef LOCAL = new ModelRef("cat-local", "1.0.0");
    private static final ModelRef LOCAL_NEWER = new ModelRef("cat-local", "1.10.0");
    private static final ModelRef REMOTE = new ModelRef("cat-remote", "2.0.0");

    private static DevStack stack;
    private static JobTestClient client;
    private static WorkerProcess worker;
    private static Path modelsDir;
    private static String modelsPrefix;

    @BeforeAll
    static void startWorker() throws Exception {
        stack = SharedDevStack.get();
        client = new JobTestClient(stack);
        modelsDir = Files.createTempDirectory(Path.of("target"), "models-");
        Files.move(TestBundles.writeRandom(LOCAL, 31, "cat-local-"), modelsDir.resolve("local"));
        modelsPrefix = "catalog-" + UUID.randomUUID() + "/";
        long bundleBytes = bytes(modelsDir.resolve("local"));
        // a budget below two bundles: opening a second model closes the first
        long budgetMb = Math.max(1, (bundleBytes * 3 / 2) >> 20);
        assertThat(budgetMb << 20).as("budget %d MiB against bundles of %d bytes", budgetMb, bundleBytes)
                .isBetween(bundleBytes, 2 * bundleBytes - 1);
        worker = WorkerProcess.start(stack, modelsDir, "w-catalog", Map.of(
                "CLIPVQ_MODEL_BUNDLE_S3_PREFIX", modelsPrefix,
                "CLIPVQ_MODEL_RESCAN_MS", "0",
                "CLIPVQ_ENGINE_MEMORY_BUDGET_MB", Long.toString(budgetMb),
                "CLIPVQ_MODEL_CACHE_DIR", Files.createTempDirectory(Path.of("target"), "catalog-cache-").toString()));
    }

    @AfterAll
    static void stopWorker() throws Exception {
        TestBundles.close(worker, client);
    }

    @Test
    void should_serve_every_bundle_found_pick_up_new_ones_and_dead_letter_a_model_that_exists_nowhere()
            throws Exception {
        JobRequest first = job(new ModelRef(LOCAL.name(), null));
        assertCompletedOn(first, LOCAL);

        // a bundle uploaded under the prefix, and a newer version copied into the directory, while the worker runs
        client.uploadDirectory(TestBundles.writeRandom(REMOTE, 32, "cat-remote-"), modelsPrefix + "remote/");
        Files.move(TestBundles.writeRandom(LOCAL_NEWER, 33, "cat-local-newer-"), modelsDir.resolve("local-newer"));

        assertCompletedOn(job(REMOTE), REMOTE);
        assertCompletedOn(job(new ModelRef(LOCAL.name(), null)), LOCAL_NEWER);
        assertCompletedOn(job(LOCAL), LOCAL);

        JobRequest nowhere = job(new ModelRef("nowhere", "1"));
        client.submit(nowhere);
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> !client.deadLetters(nowhere.jobId()).isEmpty());
        assertThat(JobTestClient.header(client.deadLetters(nowhere.jobId()).get(0), Topics.DEAD_LETTER_REASON_HEADER))
                .contains("unknown model").contains("cat-local:1.0.0").contains("cat-local:1.10.0")
                .contains("cat-remote:2.0.0");

        String log = worker.log();
        assertThat(log).contains("closed model cat-local:1.0.0 (least recently used)")
                .contains("closed model cat-remote:2.0.0 (least recently used)");
    }

    private static JobRequest job(ModelRef model) {
        return JobRequest.builder("catalog-" + UUID.randomUUID(), model).optCandidatesPerPrompt(2).optSampling(FAST)
                .optOutputPrefix("it/catalog").addPrompt("a red circle").build();
    }

    private static void assertCompletedOn(JobRequest request, ModelRef expected) {
        client.submit(request);
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);
        assertThat(end.type()).as("end of job on %s: %s", request.model(), end.reason())
                .isEqualTo(JobEventType.COMPLETED);
        JobChecks.assertCompleteAndUnique(client, request);
        List<Map<String, Object>> rows = client.imageRows(request.jobId());
        assertThat(rows).extracting(row -> row.get("model_name") + ":" + row.get("model_version"))
                .containsOnly(expected.name() + ":" + expected.version());
        assertThat(client.jobRow(request.jobId()).get("model_version")).isEqualTo(expected.version());
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
