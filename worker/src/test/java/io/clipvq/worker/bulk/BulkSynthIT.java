package io.clipvq.worker.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.client.ClipvqCli;
import io.clipvq.contracts.Seeds;
import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkProgressEvent;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.bulk.BulkStatusQueries;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.SamplingSettings;
import io.clipvq.contracts.job.Topics;
import io.clipvq.devstack.DevStack;
import io.clipvq.devstack.SharedDevStack;
import io.clipvq.worker.testing.JobChecks;
import io.clipvq.worker.testing.JobTestClient;
import io.clipvq.worker.testing.TestBundles;
import io.clipvq.worker.testing.WorkerProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.clipvq.worker.testing.JobTestClient.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk synthesis on the real services: the packaged worker in its own process on the DevStack's Kafka, PostgreSQL
 * and S3, generating with the ONNX engine on a tiny random bundle (best-of-1, 2 steps, no guidance, so 2,000
 * images take a couple of minutes on two cores).
 */
class BulkSynthIT {

    private static final ModelRef MODEL = new ModelRef("bulk-tiny", "1.0.0");
    private static final SamplingSettings FAST = new SamplingSettings(2, 1.0, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DevStack stack;
    private static Path bundle;
    private static JobTestClient client;
    private static WorkerProcess worker;

    @BeforeAll
    static void startWorker() throws Exception {
        stack = SharedDevStack.get();
        bundle = TestBundles.writeRandom(MODEL, 5, "bulk-bundle-");
        client = new JobTestClient(stack);
        worker = WorkerProcess.start(stack, bundle, "bulk-1", Map.of());
    }

    @AfterAll
    static void stopWorker() throws Exception {
        TestBundles.close(worker, client);
    }

    private static List<String> prompts(int count) {
        List<String> prompts = new ArrayList<>();
        String[] colours = {"red", "green", "blue", "yellow"};
        String[] shapes = {"circle", "square", "triangle"};
        for (int p = 0; p < count; p++) {
            prompts.add("a " + colours[p % colours.length] + " " + shapes[p % shapes.length] + " number " + p);
        }
        return prompts;
    }

    private static BulkRequest.Builder bulk(String what, List<String> prompts) {
        return BulkRequest.builder(what + "-" + UUID.randomUUID(), MODEL).addPrompts(prompts).optCandidatesPerImage(1)
                .optSampling(FAST).optSeedBase(20261127).optOutputPrefix("it-bulk/" + what);
    }

    private static void submit(BulkRequest request) {
        client.sendRaw(Topics.BULK_REQUESTS, request.jobId(), BulkJson.toJson(request));
    }

    private static long imagesDone(String jobId) {
        List<Map<String, Object>> rows = client.query("select images_done from bulk_progress where job_id = ?", jobId);
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("images_done")).longValue();
    }

    @Test
    void should_generate_2000_images_with_complete_manifests_after_the_worker_is_killed_mid_job() throws Exception {
        List<String> prompts = prompts(20);
        BulkRequest request = bulk("two-thousand", prompts).optImagesPerPrompt(100).optShardSize(250).build();

        submit(request);
        submit(request);
        awaitImages(request.jobId(), 300, Duration.ofMinutes(3));
        List<Map<String, Object>> rates = client.query(BulkStatusQueries.RATES).stream()
                .filter(r -> request.jobId().equals(r.get("job_id"))).toList();
        worker.kill();
        String previousWorkerLog = worker.log();
        assertThat(rates).hasSize(1);
        assertThat(((Number) rates.get(0).get("images_per_second")).doubleValue()).isPositive();
        assertThat(((Number) rates.get(0).get("eta_seconds")).longValue()).isNotNegative();
        Map<String, Object> atKill = client.jobRow(request.jobId());
        assertThat(atKill.get("status")).as("the job must still be running when the worker dies").isEqualTo("running");
        long doneAtKill = imagesDone(request.jobId());
        assertThat(doneAtKill).isBetween(300L, 1999L);
        worker = WorkerProcess.start(stack, bundle, "bulk-2", Map.of());
        JobEvent end = client.awaitTerminal(request.jobId(), Duration.ofMinutes(8));

        assertThat(end.type()).as("final event, reason %s", end.reason()).isEqualTo(JobEventType.COMPLETED);
        assertThat(end.imagesDone()).isEqualTo(2000);
        assertCompleteManifests(request, prompts, 2000, 8);
        List<Map<String, Object>> shards = client.query(BulkStatusQueries.SHARDS, request.jobId());
        assertThat(shards).as("the request was delivered twice; its shards once").hasSize(8);
        List<String> planned = java.util.regex.Pattern.compile("bulk job " + request.jobId() + ": .*; (\\d+) shard "
                + "messages sent").matcher(worker.log() + previousWorkerLog).results().map(m -> m.group(1)).toList();
        // delivery is at least once: the kill may come before the request's offsets are committed, and then the
        // new worker plans the request again; only one planning run may publish the shards
        assertThat(planned).as("planning runs of the twice-delivered request").hasSizeGreaterThanOrEqualTo(2)
                .filteredOn(sent -> !sent.equals("0")).containsExactly("8");
        assertThat(shards).extracting(s -> s.get("status")).containsOnly("completed");
        assertThat(shards).allSatisfy(s -> assertThat(s.get("done")).isEqualTo(s.get("image_count")));
        List<Map<String, Object>> byWorker = client.query("select worker, count(*) as n from bulk_images where "
                + "job_id = ? group by worker", request.jobId());
        assertThat(byWorker).extracting(r -> r.get("worker")).as("images before and after the kill")
                .containsExactlyInAnyOrder("bulk-1", "bulk-2");
        long distinct = (long) client.query("select count(distinct sha256) as n from bulk_images where job_id = ?",
                request.jobId()).get(0).get("n");
        assertThat(distinct).as("distinct images among 2000").isGreaterThan(100);
        Map<String, Object> job = client.jobRow(request.jobId());
        assertThat(job.get("kind")).isEqualTo("bulk");
        assertThat(job.get("status")).isEqualTo("completed");
        assertThat(job.get("images_written")).isEqualTo(2000);
        assertThat(job.get("images_expected")).isEqualTo(2000);
        List<BulkProgressEvent> progress = progressEvents(request.jobId());
        assertThat(progress).isNotEmpty();
        assertThat(progress).filteredOn(p -> p.imagesPerSecond() != null && p.etaSeconds() != null).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).imagesDone()).isEqualTo(2000);

        // the same request under another id, never interrupted: image for image the same bytes, although the
        // distinct reranking made each image depend on the earlier images of its prompt in its shard
        BulkRequest again = bulk("two-thousand-again", prompts).optImagesPerPrompt(100).optShardSize(250).build();
        submit(again);
        assertThat(client.awaitTerminal(again.jobId(), Duration.ofMinutes(8)).type()).isEqualTo(JobEventType.COMPLETED);
        String byIndex = "select image_index, sha256 from bulk_images where job_id = ? order by image_index";
        assertThat(client.query(byIndex, again.jobId()).stream().map(r -> r.get("sha256")).toList())
                .as("sha256 by image index, uninterrupted vs killed and resumed")
                .containsExactlyElementsOf(client.query(byIndex, request.jobId()).stream().map(r -> r.get("sha256"))
                        .toList());
        assertThat(progress.get(progress.size() - 1).shardsDone()).isEqualTo(8);
    }

    /**
     * Every image is in the bucket once, in bulk_images once, and in exactly one shard manifest line that matches
     * the object's bytes, the image's prompt and its seed; the job manifest lists every shard.
     */
    private static void assertCompleteManifests(BulkRequest request, List<String> prompts, int total, int shards)
            throws Exception {
        String prefix = BulkKeys.jobPrefix(request);
        List<String> expectedImages = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expectedImages.add(BulkKeys.image(request, i));
        }
        expectedImages.sort(String::compareTo);
        assertThat(client.objectKeys(prefix + "images/")).as("image objects").containsExactlyElementsOf(expectedImages);
        assertThat(client.query("select count(*) as n, count(distinct object_key) as keys from bulk_images "
                + "where job_id = ?", request.jobId()).get(0)).containsEntry("n", (long) total)
                .containsEntry("keys", (long) total);

        BitSet seen = new BitSet(total);
        Set<String> keys = new HashSet<>();
        List<String> manifestKeys = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            manifestKeys.add(BulkKeys.shardManifest(request, s));
        }
        assertThat(client.objectKeys(prefix + "shards/").stream().filter(k -> k.endsWith(".jsonl")).toList())
                .containsExactlyElementsOf(manifestKeys);
        for (int s = 0; s < shards; s++) {
            String text = new String(client.objectBytes(manifestKeys.get(s)), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                ManifestEntry entry = ShardManifest.parseLine(line);
                int i = Math.toIntExact(entry.imageIndex());
                assertThat(seen.get(i)).as("image %d listed twice", i).isFalse();
                seen.set(i);
                assertThat(keys.add(entry.objectKey())).as("key %s listed twice", entry.objectKey()).isTrue();
                assertThat(entry.objectKey()).isEqualTo(BulkKeys.image(request, i));
                assertThat(entry.prompt()).isEqualTo(prompts.get(i / request.imagesPerPrompt()));
                assertThat(entry.seed()).isEqualTo(Seeds.derive(request.seedBase(), i));
                assertThat(entry.candidateSeed()).isEqualTo(Seeds.derive(entry.seed(), entry.candidateIndex()));
                assertThat(i / request.shardSize()).as("shard of image %d", i).isEqualTo(s);
                if (i % 25 == 0) {
                    assertThat(JobChecks.sha256(client.objectBytes(entry.objectKey()))).as("sha256 of %s", i)
                            .isEqualTo(entry.sha256());
                }
            }
        }
        assertThat(seen.cardinality()).isEqualTo(total);
        JsonNode manifest = JSON.readTree(client.objectBytes(BulkKeys.jobManifest(request)));
        assertThat(manifest.get("jobId").textValue()).isEqualTo(request.jobId());
        assertThat(manifest.get("imagesDone").longValue()).isEqualTo(total);
        assertThat(manifest.get("shardCount").intValue()).isEqualTo(shards);
        for (int s = 0; s < shards; s++) {
            assertThat(manifest.get("shards").get(s).get("manifest").textValue()).isEqualTo(manifestKeys.get(s));
        }
        // the manifest's distinct counts agree with a recount from the table
        long distinctInJob = (Long) client.query("select count(distinct (prompt_index, sha256)) as d from bulk_images"
                + " where job_id = ?", request.jobId()).get(0).get("d");
        long distinctInShards = ((Number) client.query("select coalesce(sum(d), 0) as d from (select count(distinct "
                + "(prompt_index, sha256)) as d from bulk_images where job_id = ? group by shard_index) per_shard",
                request.jobId()).get(0).get("d")).longValue();
        assertThat(manifest.get("distinct").get("inJob").longValue()).isEqualTo(distinctInJob);
        assertThat(manifest.get("distinct").get("inShards").longValue()).isEqualTo(distinctInShards);
        assertThat(manifest.get("distinct").get("rerank").textValue()).isEqualTo("distinct");
        assertNearDistinctAgreesWithARecount(request, manifest);
    }

    /**
     * Recounts the near-distinct images and the mean pairwise CLIP distance from the recorded embeddings, written out
     * here rather than through the worker's code: per shard, per job (the first 1000 images of each prompt), and as
     * the progress view sums them.
     */
    private static void assertNearDistinctAgreesWithARecount(BulkRequest request, JsonNode manifest) {
        List<Map<String, Object>> rows = client.query("select shard_index, prompt_index, clip_embedding from "
                + "bulk_images where job_id = ? order by prompt_index, image_index", request.jobId());
        Map<Integer, List<float[]>> byPrompt = new java.util.TreeMap<>();
        Map<String, List<float[]>> byShardAndPrompt = new java.util.HashMap<>();
        Map<Integer, Integer> nearDistinctByShard = new java.util.HashMap<>();
        for (Map<String, Object> row : rows) {
            byte[] bytes = (byte[]) row.get("clip_embedding");
            assertThat(bytes).as("every image keeps its embedding").isNotNull();
            float[] e = new float[bytes.length / 4];
            java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(e);
            int shard = ((Number) row.get("shard_index")).intValue();
            int prompt = ((Number) row.get("prompt_index")).intValue();
            List<float[]> earlierInShard = byShardAndPrompt.computeIfAbsent(shard + ":" + prompt, k -> new ArrayList<>());
            if (earlierInShard.stream().allMatch(o -> cosine(o, e) < 0.99)) {
                nearDistinctByShard.merge(shard, 1, Integer::sum);
            }
            earlierInShard.add(e);
            List<float[]> ofPrompt = byPrompt.computeIfAbsent(prompt, k -> new ArrayList<>());
            if (ofPrompt.size() < 1000) {
                ofPrompt.add(e);
            }
        }
        long nearDistinctInJob = 0;
        double distanceSum = 0;
        int promptsWithPairs = 0;
        for (List<float[]> images : byPrompt.values()) {
            double pairSum = 0;
            long pairs = 0;
            for (int i = 0; i < images.size(); i++) {
                boolean near = false;
                for (int j = 0; j < i; j++) {
                    double c = cosine(images.get(i), images.get(j));
                    near |= c >= 0.99;
                    pairSum += 1 - c;
                    pairs++;
                }
                nearDistinctInJob += near ? 0 : 1;
            }
            if (pairs > 0) {
                distanceSum += pairSum / pairs;
                promptsWithPairs++;
            }
        }
        JsonNode near = manifest.get("nearDistinct");
        assertThat(near.get("inJob").longValue()).isEqualTo(nearDistinctInJob);
        assertThat(near.get("imagesMeasured").longValue()).isEqualTo(rows.size());
        assertThat(near.get("cosine").doubleValue()).isEqualTo(0.99);
        long inShards = 0;
        for (JsonNode shard : manifest.get("shards")) {
            int expected = nearDistinctByShard.getOrDefault(shard.get("shardIndex").intValue(), 0);
            assertThat(shard.get("imagesNearDistinct").intValue()).as("shard %s", shard.get("shardIndex"))
                    .isEqualTo(expected);
            inShards += expected;
        }
        assertThat(near.get("inShards").longValue()).isEqualTo(inShards);
        assertThat(manifest.get("meanPairwiseClipDistance").get("value").doubleValue())
                .isCloseTo(distanceSum / promptsWithPairs, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(((Number) client.query("select images_near_distinct from bulk_progress where job_id = ?",
                request.jobId()).get(0).get("images_near_distinct")).longValue()).isEqualTo(inShards);
    }

    private static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    @Test
    void should_skip_unstarted_shards_and_keep_finished_ones_when_a_bulk_job_is_cancelled() throws Exception {
        // 100 shards: far more than the worker runs at once, so the cancel lands with shards still waiting
        BulkRequest request = bulk("cancel", prompts(4)).optImagesPerPrompt(500).optShardSize(20).build();

        submit(request);
        // the shards running at once share engine calls and advance together, so wait for a finished shard itself
        awaitShardsCompleted(request.jobId(), 1, Duration.ofMinutes(3));
        client.cancel(request.jobId(), "enough for now");
        JobEvent end = client.awaitTerminal(request.jobId(), Duration.ofMinutes(3));

        assertThat(end.type()).isEqualTo(JobEventType.CANCELLED);
        assertThat(end.reason()).contains("enough for now").contains("shards completed");
        Map<String, Object> progress = client.query(BulkStatusQueries.PROGRESS, request.jobId()).get(0);
        assertThat(progress.get("status")).isEqualTo("cancelled");
        assertThat(((Number) progress.get("shards_completed")).intValue()).isBetween(1, 99);
        assertThat(((Number) progress.get("shards_skipped")).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) progress.get("shards_running")).intValue()).isZero();
        assertThat(((Number) progress.get("shards_waiting")).intValue()).isZero();
        List<Map<String, Object>> shards = client.query(BulkStatusQueries.SHARDS, request.jobId());
        long recorded = ((Number) client.query("select count(*) as n from bulk_images where job_id = ?",
                request.jobId()).get(0).get("n")).longValue();
        assertThat(shards.stream().mapToLong(s -> ((Number) s.get("done")).longValue()).sum()).isEqualTo(recorded);
        assertThat(client.objectKeys(BulkKeys.jobPrefix(request) + "images/")).hasSize((int) recorded);
        for (Map<String, Object> shard : shards) {
            if ("completed".equals(shard.get("status"))) {
                assertThat(shard.get("done")).isEqualTo(20);
                String text = new String(client.objectBytes((String) shard.get("manifest_key")), StandardCharsets.UTF_8);
                assertThat(text.split("\n")).hasSize(20);
            } else {
                assertThat(shard.get("status")).isIn("skipped", "cancelled");
                assertThat(shard.get("manifest_key")).isNull();
            }
        }
        JsonNode manifest = JSON.readTree(client.objectBytes(BulkKeys.jobManifest(request)));
        assertThat(manifest.get("status").textValue()).isEqualTo("cancelled");
        assertThat(manifest.get("imagesDone").longValue()).isEqualTo(recorded);
    }

    @Test
    void should_submit_and_follow_a_bulk_job_with_the_cli_and_reproduce_the_same_bytes_in_other_shards()
            throws Exception {
        Path promptFile = Files.createTempFile(Path.of("target"), "prompts-", ".jsonl");
        Files.writeString(promptFile, "{\"prompt\":\"a red circle\"}\n\n{\"prompt\":\"a blue square\"}\n");
        String jobA = "cli-bulk-" + UUID.randomUUID();
        String out = cli("synth", "--job-id", jobA, "--prompts-file", promptFile.toString(), "-m", MODEL.name(),
                "-i", "3", "-n", "1", "--steps", "2", "--guidance", "1", "--seed-base", "42", "--prefix", "it-bulk/cli",
                "--shard-size", "2", "--layout", "by-prompt", "--tar", "--interval", "PT0.2S", "--timeout", "PT3M",
                "--bootstrap-servers", stack.kafkaBootstrapServers(), "--jdbc-url", stack.jdbcUrl(),
                "--db-user", stack.jdbcUser(), "--db-password", stack.jdbcPassword());

        assertThat(out).startsWith(jobA).contains("] 6/6 ").contains("img/s").contains("shards 3/3")
                .contains("job " + jobA + " completed: 6 of 6 images, 3 of 3 shards completed");
        BulkRequest sameImages = BulkRequest.builder("cli-twin-" + UUID.randomUUID(), MODEL)
                .addPrompts(List.of("a red circle", "a blue square")).optImagesPerPrompt(3).optCandidatesPerImage(1)
                .optSampling(FAST).optSeedBase(42).optShardSize(6).optOutputPrefix("it-bulk/cli").build();
        submit(sameImages);
        assertThat(client.awaitTerminal(sameImages.jobId(), Duration.ofMinutes(2)).type())
                .isEqualTo(JobEventType.COMPLETED);
        List<Map<String, Object>> a = client.query("select image_index, sha256, object_key from bulk_images where "
                + "job_id = ? order by image_index", jobA);
        List<Map<String, Object>> b = client.query("select image_index, sha256 from bulk_images where job_id = ? "
                + "order by image_index", sameImages.jobId());
        assertThat(a).hasSize(6);
        assertThat(a.stream().map(r -> r.get("sha256")).distinct().count()).as("distinct images").isGreaterThan(1);
        assertThat(b).extracting(r -> r.get("sha256")).as("same seed base, other shards: same bytes")
                .containsExactlyElementsOf(a.stream().map(r -> r.get("sha256")).toList());
        submit(sameImages);
        client.awaitEvents(sameImages.jobId(), ofType(JobEventType.COMPLETED), 2, Duration.ofMinutes(1));
        assertThat(client.query("select count(*) as n from bulk_images where job_id = ?", sameImages.jobId()).get(0))
                .as("a finished job submitted again generates nothing").containsEntry("n", 6L);
        BulkRequest otherWork = BulkRequest.builder(sameImages.jobId(), MODEL).addPrompts(List.of("other work"))
                .optCandidatesPerImage(1).optSampling(FAST).optOutputPrefix("it-bulk/cli").build();
        submit(otherWork);
        awaitDeadLetter(Topics.BULK_REQUESTS_DEAD_LETTER, sameImages.jobId(), "already used by a different request");
        assertThat(client.jobRow(sameImages.jobId()).get("status")).as("the finished job is left alone")
                .isEqualTo("completed");
        assertThat(a.get(4).get("object_key")).isEqualTo("it-bulk/cli/" + jobA + "/images/p0000001/0000001.png");
        assertThat(client.objectKeys("it-bulk/cli/" + jobA + "/shards/"))
                .contains("it-bulk/cli/" + jobA + "/shards/shard-000002.tar");
        byte[] tar = client.objectBytes("it-bulk/cli/" + jobA + "/shards/shard-000000.tar");
        assertThat(new String(tar, 0, 100, StandardCharsets.US_ASCII)).startsWith("0000000000.png");
    }

    @Test
    void should_read_prompts_from_a_bucket_object_and_fail_a_bad_one_naming_the_line() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "prompt-objects-");
        Files.writeString(dir.resolve("good.txt"), "a red circle\n\na blue square\na green triangle\n");
        Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\":\"fine\"}\n{\"caption\":\"no prompt field\"}\n");
        // PostgreSQL cannot store U+0000: the job must fail naming the line, not run forever
        Files.writeString(dir.resolve("nul.txt"), "a red circle\na blue\u0000square\n");
        String folder = "it-bulk/prompt-files/" + UUID.randomUUID() + "/";
        client.uploadDirectory(dir, folder);
        BulkRequest good = BulkRequest.builder("object-" + UUID.randomUUID(), MODEL).optPromptsObject(folder + "good.txt")
                .optImagesPerPrompt(2).optCandidatesPerImage(2).optSampling(FAST).optShardSize(4)
                .optOutputPrefix("it-bulk/object").build();
        BulkRequest bad = BulkRequest.builder("bad-object-" + UUID.randomUUID(), MODEL)
                .optPromptsObject(folder + "bad.jsonl").optSampling(FAST).build();
        BulkRequest nul = BulkRequest.builder("nul-object-" + UUID.randomUUID(), MODEL)
                .optPromptsObject(folder + "nul.txt").optSampling(FAST).build();

        submit(good);
        submit(bad);
        submit(nul);

        assertThat(client.awaitTerminal(good.jobId(), Duration.ofMinutes(2)).type()).isEqualTo(JobEventType.COMPLETED);
        assertCompleteManifests(good, List.of("a red circle", "a blue square", "a green triangle"), 6, 2);
        JobEvent failed = client.awaitTerminal(bad.jobId(), Duration.ofMinutes(1));
        assertThat(failed.type()).isEqualTo(JobEventType.FAILED);
        assertThat(failed.reason()).contains("promptsObject = \"" + folder + "bad.jsonl\": line 2: "
                + "a JSONL record needs a \"prompt\" string");
        assertThat(client.jobRow(bad.jobId()).get("status")).isEqualTo("failed");
        assertThat(client.query("select count(*) as n from bulk_shards where job_id = ?", bad.jobId()).get(0))
                .containsEntry("n", 0L);
        JobEvent nulFailed = client.awaitTerminal(nul.jobId(), Duration.ofMinutes(1));
        assertThat(nulFailed.type()).isEqualTo(JobEventType.FAILED);
        assertThat(nulFailed.reason()).contains("nul.txt\": line 2: prompt holds a NUL character (U+0000)")
                .doesNotContain("\u0000").doesNotContainIgnoringCase("insert into");
        assertThat(client.jobRow(nul.jobId())).containsEntry("status", "failed");
    }

    private static void awaitDeadLetter(String topic, String key, String reasonPart) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            List<String> reasons = readAll(topic).stream().filter(r -> key.equals(r.key()))
                    .map(r -> JobTestClient.header(r, Topics.DEAD_LETTER_REASON_HEADER)).toList();
            if (reasons.stream().anyMatch(r -> r != null && r.contains(reasonPart))) {
                return;
            }
            JobTestClient.pause(300);
        }
        throw new AssertionError("no dead letter for " + key + " on " + topic + " containing '" + reasonPart + "'");
    }

    private static void awaitImages(String jobId, long count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (imagesDone(jobId) >= count) {
                return;
            }
            JobTestClient.pause(100);
        }
        throw new AssertionError("bulk job " + jobId + ": fewer than " + count + " images within " + timeout
                + "; worker log:\n" + worker.tail());
    }

    private static void awaitShardsCompleted(String jobId, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> rows = client.query("select count(*) as n from bulk_shards where job_id = ? "
                    + "and status = 'completed'", jobId);
            if (((Number) rows.get(0).get("n")).longValue() >= count) {
                return;
            }
            JobTestClient.pause(100);
        }
        throw new AssertionError("bulk job " + jobId + ": fewer than " + count + " shards completed within " + timeout
                + "; worker log:\n" + worker.tail());
    }

    private static List<BulkProgressEvent> progressEvents(String jobId) {
        return readAll(Topics.BULK_PROGRESS).stream().filter(r -> jobId.equals(r.key()))
                .map(r -> BulkJson.parseProgress(r.value())).toList();
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(10);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = ClipvqCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        assertThat(exit).as("exit code of clipvq %s; stderr: %s; stdout: %s", String.join(" ", args), err, out).isZero();
        return out.toString();
    }
}
