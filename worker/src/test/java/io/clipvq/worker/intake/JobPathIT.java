package io.clipvq.worker.intake;

import io.clipvq.client.ClipvqCli;
import io.clipvq.contracts.job.JobDefaults;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.SamplingSettings;
import io.clipvq.contracts.job.Topics;
import io.clipvq.devstack.DevStack;
import io.clipvq.devstack.SharedDevStack;
import io.clipvq.worker.deploy.DashboardMetrics;
import io.clipvq.worker.storage.ObjectKeys;
import io.clipvq.worker.testing.JobChecks;
import io.clipvq.worker.testing.JobTestClient;
import io.clipvq.worker.testing.TestBundles;
import io.clipvq.worker.testing.WorkerProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.clipvq.worker.testing.JobTestClient.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job path on real services: the packaged worker (quarkus-run.jar) in its own process, configured by
 * environment variables, on the DevStack's Kafka, PostgreSQL and S3, generating with the real ONNX engine on a
 * tiny random-weight bundle.
 */
class JobPathIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ModelRef MODEL = new ModelRef("it-tiny", "1.0.0");
    private static final SamplingSettings FAST = new SamplingSettings(4, null, null);
    /** The embedded broker's partitions per topic (devstack's KafkaBroker). */
    private static final int PARTITIONS = 8;
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    private static DevStack stack;
    private static Path bundle;
    private static JobTestClient client;
    private static WorkerProcess worker;

    @BeforeAll
    static void startWorker() throws Exception {
        stack = SharedDevStack.get();
        bundle = TestBundles.writeRandom(MODEL, 11, "it-bundle-");
        client = new JobTestClient(stack);
        worker = WorkerProcess.start(stack, bundle, "w1", Map.of());
    }

    @AfterAll
    static void stopWorker() throws Exception {
        TestBundles.close(worker, client);
    }

    private static String newJobId(String what) {
        return what + "-" + UUID.randomUUID();
    }

    private static JobRequest.Builder job(String what, int prompts) {
        JobRequest.Builder builder = JobRequest.builder(newJobId(what), MODEL).optCandidatesPerPrompt(4)
                .optSampling(FAST).optOutputPrefix("it/" + what);
        for (int p = 0; p < prompts; p++) {
            builder.addPrompt("a " + (p % 2 == 0 ? "red circle" : "blue square") + " number " + p);
        }
        return builder;
    }

    @Test
    void should_generate_a_job_end_to_end_and_report_health_and_metrics() throws Exception {
        JobRequest request = job("e2e", 3).optKeepPerPrompt(2).build();

        client.submit(request);
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);

        assertThat(end.type()).as("final event, reason %s", end.reason()).isEqualTo(JobEventType.COMPLETED);
        assertThat(end.imagesDone()).isEqualTo(6);
        JobChecks.assertCompleteAndUnique(client, request);
        List<JobEvent> events = client.events(request.jobId());
        assertThat(events).extracting(JobEvent::type).startsWith(JobEventType.ACCEPTED, JobEventType.STARTED)
                .endsWith(JobEventType.COMPLETED);
        assertThat(events).filteredOn(ofType(JobEventType.IMAGE_WRITTEN)).hasSize(6);
        List<Map<String, Object>> rows = client.imageRows(request.jobId());
        for (Map<String, Object> row : rows) {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(client.objectBytes((String) row.get("object_key"))));
            assertThat(png.getWidth()).isEqualTo(row.get("width"));
            assertThat(png.getHeight()).isEqualTo(row.get("height"));
            assertThat(row.get("model_name")).isEqualTo(MODEL.name());
        }
        for (int p = 0; p < 3; p++) {
            assertThat((double) rows.get(2 * p).get("clip_score"))
                    .isGreaterThanOrEqualTo((double) rows.get(2 * p + 1).get("clip_score"));
        }
        String health = worker.get(worker.health(""));
        assertThat(health).contains("\"status\": \"UP\"").contains("object storage").contains("\"database\"")
                .containsIgnoringCase("kafka");
        String metrics = worker.get(worker.metrics());
        assertThat(metrics).contains("clipvq_images_written_total").contains("clipvq_jobs_total{outcome=\"completed\"")
                .contains("clipvq_generation_seconds_count");
    }

    @Test
    void should_submit_follow_and_show_a_job_with_the_cli() {
        String jobId = newJobId("cli");

        String submitted = cli("submit", "--job-id", jobId, "-m", MODEL.name(), "-p", "a green triangle", "-n", "2",
                "--steps", "4", "--prefix", "it/cli", "--wait", "--timeout", "PT2M",
                "--bootstrap-servers", stack.kafkaBootstrapServers());
        String status = cli("status", jobId, "--images", "--jdbc-url", stack.jdbcUrl(), "--db-user", stack.jdbcUser(),
                "--db-password", stack.jdbcPassword());

        assertThat(submitted).startsWith(jobId).contains("started").contains("image-written").contains("completed 1/1");
        assertThat(status).contains("status    completed").contains("images    1 of 1")
                .contains("it/cli/" + jobId + "/p00000-r00.png");
        assertThat(cli("status", "--jdbc-url", stack.jdbcUrl(), "--db-user", stack.jdbcUser(), "--db-password",
                stack.jdbcPassword())).contains("completed=");
    }

    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine commandLine = ClipvqCli.commandLine();
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        int exit = commandLine.execute(args);
        assertThat(exit).as("exit code of clipvq %s; stderr: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    @Test
    void should_keep_the_consumer_in_its_group_through_a_job_longer_than_max_poll_interval() throws Exception {
        // The job's length is sized from this machine's speed, measured on a short job first: a fixed prompt count
        // that outlasts the interval on one machine finishes under it on a faster one.
        int probePrompts = 16;
        Duration probe = runtime(job("long-probe", probePrompts).build());
        long intervalMs = WorkerProcess.MAX_POLL_INTERVAL_MS;
        double msPerPrompt = Math.max(1.0, probe.toMillis() / (double) probePrompts);
        int prompts = (int) Math.min(JobDefaults.MAX_PROMPTS, Math.max(40, Math.ceil(3 * intervalMs / msPerPrompt)));
        JobRequest request = job("long", prompts).build();
        int logBefore = worker.log().length();

        Duration took = runtime(request);

        List<JobEvent> events = client.events(request.jobId());
        assertThat(took).as("the job must outlast max.poll.interval.ms for this test to mean anything")
                .isGreaterThan(Duration.ofMillis(WorkerProcess.MAX_POLL_INTERVAL_MS));
        // thrown out of the group, the consumer would have rejoined and been handed the job again
        assertThat(client.jobRow(request.jobId()).get("attempts")).isEqualTo(1);
        assertThat(events).filteredOn(ofType(JobEventType.STARTED)).hasSize(1);
        // only this test's part of the log: an outage test before it may have left poll warnings of its own
        assertThat(worker.log().substring(logBefore)).doesNotContain("max.poll.interval.ms")
                .doesNotContain("poll timeout");
        JobChecks.assertCompleteAndUnique(client, request);
    }

    /** Submits a job, waits until it completes and answers the time from its started to its completed event. */
    private static Duration runtime(JobRequest request) {
        client.submit(request);
        client.awaitEvents(request.jobId(), ofType(JobEventType.STARTED), 1, TIMEOUT);
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);
        assertThat(end.type()).as("end of job %s", request.jobId()).isEqualTo(JobEventType.COMPLETED);
        JobEvent started = client.events(request.jobId()).stream().filter(ofType(JobEventType.STARTED)).findFirst()
                .orElseThrow();
        return Duration.between(java.time.Instant.parse(started.timestamp()), java.time.Instant.parse(end.timestamp()));
    }

    @Test
    void should_write_each_image_once_when_the_same_job_id_arrives_twice() {
        JobRequest request = job("twice", 2).build();

        client.submit(request);
        client.submit(request);
        client.awaitEvents(request.jobId(), ofType(JobEventType.COMPLETED), 2, TIMEOUT);

        JobChecks.assertCompleteAndUnique(client, request);
        assertThat(client.events(request.jobId())).filteredOn(ofType(JobEventType.IMAGE_WRITTEN)).hasSize(2);

        // the same id for different work is refused, and the finished job is left as it was
        JobRequest other = JobRequest.builder(request.jobId(), MODEL).addPrompt("something else").optSampling(FAST)
                .optOutputPrefix(request.outputPrefix()).build();
        client.submit(other);
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> !client.deadLetters(request.jobId()).isEmpty());
        assertThat(JobTestClient.header(client.deadLetters(request.jobId()).get(0), Topics.DEAD_LETTER_REASON_HEADER))
                .contains("already used by a different request");
        JobChecks.assertCompleteAndUnique(client, request);
    }

    @Test
    void should_dead_letter_malformed_messages_mark_them_failed_and_go_on() {
        String notJson = newJobId("notjson");
        String outOfRange = newJobId("range");
        String unknownModel = newJobId("model");
        client.sendRaw(Topics.JOB_REQUESTS, notJson, "{this is not json");
        client.sendRaw(Topics.JOB_REQUESTS, outOfRange, "{\"schemaVersion\":1,\"jobId\":\"" + outOfRange
                + "\",\"prompts\":[\"x\"],\"candidatesPerPrompt\":65,\"model\":{\"name\":\"it-tiny\"}}");
        client.submit(JobRequest.builder(unknownModel, new ModelRef("no-such-model", null)).addPrompt("x").build());
        JobRequest good = job("after-bad", 1).build();
        client.submit(good);

        assertThat(client.awaitTerminal(good.jobId(), TIMEOUT).type()).isEqualTo(JobEventType.COMPLETED);
        JobChecks.assertCompleteAndUnique(client, good);
        assertDeadLettered(notJson, "not valid JSON");
        assertDeadLettered(outOfRange, "candidatesPerPrompt = 65: must be between 1 and 64");
        assertDeadLettered(unknownModel, "unknown model");
        assertThat(client.awaitTerminal(outOfRange, TIMEOUT).reason()).contains("candidatesPerPrompt = 65");
    }

    private void assertDeadLettered(String jobId, String reasonPart) {
        List<ConsumerRecord<String, String>> letters = client.deadLetters(jobId);
        assertThat(letters).as("dead letters of %s", jobId).hasSize(1);
        assertThat(JobTestClient.header(letters.get(0), Topics.DEAD_LETTER_REASON_HEADER)).contains(reasonPart);
        Map<String, Object> job = client.jobRow(jobId);
        assertThat(job).as("job row of %s", jobId).isNotNull();
        assertThat(job.get("status")).isEqualTo("failed");
        assertThat((String) job.get("error")).contains(reasonPart);
    }

    @Test
    void should_stop_a_cancelled_job_between_images_and_keep_what_was_written() {
        // long enough that the cancel, sent by a CLI that first starts its own JVM, lands mid-job although the
        // worker draws several prompts per engine call
        JobRequest request = job("cancel", 600).build();

        client.submit(request);
        client.awaitEvents(request.jobId(), ofType(JobEventType.IMAGE_WRITTEN), 1, TIMEOUT);
        assertThat(cli("cancel", request.jobId(), "--reason", "changed my mind",
                "--bootstrap-servers", stack.kafkaBootstrapServers())).contains("cancel requested");
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);

        assertThat(end.type()).isEqualTo(JobEventType.CANCELLED);
        assertThat(end.reason()).isEqualTo("changed my mind");
        Map<String, Object> job = client.jobRow(request.jobId());
        assertThat(job.get("status")).isEqualTo("cancelled");
        int written = (int) job.get("images_written");
        assertThat(written).isBetween(1, 599);
        assertThat(end.imagesDone()).isEqualTo(written);
        assertThat(client.objectKeys(ObjectKeys.jobPrefix(request.outputPrefix(), request.jobId()))).hasSize(written);
        JobChecks.assertRowsMatchObjects(client, request.jobId());
    }

    @Test
    void should_finish_a_job_without_duplicates_after_the_worker_is_killed_mid_job() throws Exception {
        JobRequest request = job("killed", 200).build();

        client.submit(request);
        client.awaitEvents(request.jobId(), ofType(JobEventType.IMAGE_WRITTEN), 3, TIMEOUT);
        worker.kill();
        Map<String, Object> atKill = client.jobRow(request.jobId());
        assertThat(atKill.get("status")).as("the job must still be running when the worker dies").isEqualTo("running");
        int writtenAtKill = (int) atKill.get("images_written");
        assertThat(writtenAtKill).isBetween(3, 199);

        // the new worker takes its model from the bucket this time, so the S3 bundle source is exercised too
        String bundlePrefix = "models/" + MODEL.name() + "/" + MODEL.version() + "/";
        client.uploadDirectory(bundle, bundlePrefix);
        worker = WorkerProcess.start(stack, null, "w2", Map.of("CLIPVQ_MODEL_BUNDLE_S3_PREFIX", bundlePrefix,
                "CLIPVQ_MODEL_CACHE_DIR", Files.createTempDirectory(Path.of("target"), "bundle-cache-").toString()));
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);

        assertThat(end.type()).isEqualTo(JobEventType.COMPLETED);
        JobChecks.assertCompleteAndUnique(client, request);
        Map<String, Object> job = client.jobRow(request.jobId());
        assertThat(job.get("attempts")).isEqualTo(2);
        assertThat(job.get("worker_id")).isEqualTo("w2");
        // each image was recorded once and announced: the first worker's before the kill, the second worker's after
        // it, and one the first worker recorded without announcing (killed in between) by the second; an event
        // acknowledged just before the kill may be sent again, at most one
        List<String> announced = client.events(request.jobId()).stream().filter(ofType(JobEventType.IMAGE_WRITTEN))
                .map(JobEvent::objectKey).toList();
        assertThat(new HashSet<>(announced)).hasSize(200);
        assertThat(announced).hasSizeBetween(200, 201);
        assertThat(client.query("select count(*) as n from images where job_id = ? and not announced",
                request.jobId()).get(0).get("n")).isEqualTo(0L);
    }

    @Test
    void should_share_the_jobs_of_all_partitions_between_two_workers() throws Exception {
        try (WorkerProcess second = WorkerProcess.start(stack, bundle, "w-second", Map.of())) {
            // rounds of one job per partition until the group has settled (the second worker's partitions are
            // assigned a moment after it is up): then both workers run jobs of the same round
            Set<Object> workers = new HashSet<>();
            for (int round = 0; round < 20 && !(workers.contains("w-second") && workers.size() >= 2); round++) {
                workers.clear();
                List<JobRequest> requests = new ArrayList<>();
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    requests.add(jobOnPartition("shared", partition));
                }
                for (JobRequest request : requests) {
                    client.submit(request);
                }
                for (JobRequest request : requests) {
                    assertThat(client.awaitTerminal(request.jobId(), TIMEOUT).type())
                            .isEqualTo(JobEventType.COMPLETED);
                    JobChecks.assertCompleteAndUnique(client, request);
                    workers.add(client.jobRow(request.jobId()).get("worker_id"));
                }
            }
            assertThat(workers).as("workers that ran one round of %d jobs, one per partition", PARTITIONS)
                    .contains("w-second").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void should_record_every_job_as_it_arrives_whatever_the_backlog() {
        List<JobRequest> requests = new ArrayList<>();
        for (int j = 0; j < 40; j++) {
            requests.add(job("backlog", 20).build());
        }
        for (JobRequest request : requests) {
            client.submit(request);
        }
        java.time.Instant sent = java.time.Instant.now();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests.stream()
                .allMatch(r -> client.jobRow(r.jobId()) != null));
        Duration visible = Duration.between(sent, java.time.Instant.now());
        List<Map<String, Object>> queue = client.query("select job_id, position from job_queue where job_id like "
                + "'backlog-%' order by position");
        assertThat(queue).as("the backlog must be queued, not all run, for this test to mean anything").hasSizeGreaterThan(10);
        assertThat(queue).extracting(row -> ((Number) row.get("position")).longValue())
                .doesNotHaveDuplicates().isSorted();
        assertThat(visible).as("every job has its row soon after it was sent").isLessThan(Duration.ofSeconds(5));
        for (JobRequest request : requests) {
            assertThat(client.awaitTerminal(request.jobId(), TIMEOUT).type()).isEqualTo(JobEventType.COMPLETED);
            assertThat(client.events(request.jobId())).filteredOn(ofType(JobEventType.ACCEPTED)).hasSize(1);
            JobChecks.assertCompleteAndUnique(client, request);
        }
    }

    @Test
    void should_never_let_a_rejected_message_touch_a_running_job_it_does_not_own() {
        // long enough (about 10 s here) that the refused message is handled while the job runs
        JobRequest request = job("owned", 400).build();
        client.submit(request);
        client.awaitEvents(request.jobId(), ofType(JobEventType.IMAGE_WRITTEN), 1, TIMEOUT);

        client.sendRaw(Topics.BULK_REQUESTS, request.jobId(), "{\"schemaVersion\":1,\"jobId\":\"" + request.jobId()
                + "\"}");
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> !client.valueBytes(
                Topics.BULK_REQUESTS_DEAD_LETTER, request.jobId()).isEmpty());

        assertThat(client.jobRow(request.jobId()).get("status")).isEqualTo("running");
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);
        assertThat(end.type()).isEqualTo(JobEventType.COMPLETED);
        assertThat(client.events(request.jobId())).filteredOn(ofType(JobEventType.FAILED)).isEmpty();
        assertThat(client.jobRow(request.jobId()).get("error")).isNull();
        JobChecks.assertCompleteAndUnique(client, request);
    }

    @Test
    void should_dead_letter_the_exact_bytes_of_a_binary_message_and_fail_its_job() {
        String jobId = newJobId("binary");
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        garbage[10] = 0;

        client.sendBytes(Topics.JOB_REQUESTS, jobId, garbage);
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> !client.valueBytes(
                Topics.JOB_REQUESTS_DEAD_LETTER, jobId).isEmpty());

        assertThat(client.valueBytes(Topics.JOB_REQUESTS_DEAD_LETTER, jobId).get(0)).isEqualTo(garbage);
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> client.jobRow(jobId) != null);
        Map<String, Object> row = client.jobRow(jobId);
        assertThat(row.get("status")).isEqualTo("failed");
        assertThat((String) row.get("error")).contains("not UTF-8 text");
        assertThat(JobTestClient.header(client.deadLetters(jobId).get(0), Topics.DEAD_LETTER_REASON_HEADER))
                .contains("not UTF-8 text").doesNotContain("\u0000");
    }

    @Test
    void should_refuse_a_request_whose_key_is_not_its_job_id_and_touch_neither_job() {
        JobRequest request = job("keyed", 1).build();
        String otherKey = newJobId("other-key");

        client.sendRaw(Topics.JOB_REQUESTS, otherKey, io.clipvq.contracts.job.JobJson.toJson(request));
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> !client.deadLetters(otherKey).isEmpty());

        assertThat(JobTestClient.header(client.deadLetters(otherKey).get(0), Topics.DEAD_LETTER_REASON_HEADER))
                .contains("must be keyed by its job id");
        assertThat(client.jobRow(otherKey)).isNull();
        assertThat(client.jobRow(request.jobId())).isNull();
    }

    @Test
    void should_say_not_ready_within_a_second_while_the_database_stalls() throws Exception {
        List<ProcessHandle> postgres = postgresProcesses();
        assertThat(readiness().statusCode()).isEqualTo(200);

        try {
            signal("STOP", postgres);
            java.time.Instant stalledAt = java.time.Instant.now();
            boolean sawDown = false;
            while (!sawDown && Duration.between(stalledAt, java.time.Instant.now()).toSeconds() < 10) {
                long start = System.nanoTime();
                var response = readiness();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("readiness answer time while stalled")
                        .isLessThan(Duration.ofSeconds(1));
                if (response.statusCode() == 503) {
                    assertThat(response.body()).contains("\"database\"").contains("no answer for");
                    sawDown = true;
                }
                JobTestClient.pause(200);
            }
            assertThat(sawDown).as("readiness said DOWN while PostgreSQL stalled").isTrue();
        } finally {
            signal("CONT", postgres);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                readiness().statusCode() == 200);
    }

    @Test
    void should_wait_out_a_storage_outage_mid_job_then_finish_without_gaps_or_duplicates() throws Exception {
        JobRequest request = job("outage", 400).build();

        client.submit(request);
        client.awaitEvents(request.jobId(), ofType(JobEventType.IMAGE_WRITTEN), 1, TIMEOUT);
        java.time.Instant outage = java.time.Instant.now();
        stack.stopStorage();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                var response = readiness();
                return response.statusCode() == 503 && response.body().contains("object storage");
            });
            JobTestClient.pause(Math.max(0, 30_000 - Duration.between(outage, java.time.Instant.now()).toMillis()));
            assertThat(client.jobRow(request.jobId()).get("status")).as("the job waits for storage")
                    .isEqualTo("running");
        } finally {
            stack.resumeStorage();
        }
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);

        assertThat(end.type()).as("final event, reason %s", end.reason()).isEqualTo(JobEventType.COMPLETED);
        JobChecks.assertCompleteAndUnique(client, request);
        assertThat(client.events(request.jobId())).filteredOn(ofType(JobEventType.IMAGE_WRITTEN))
                .extracting(JobEvent::objectKey).doesNotHaveDuplicates().hasSize(400);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                readiness().statusCode() == 200);
    }

    @Test
    void should_wait_out_a_broker_restart_mid_job_then_finish_without_gaps_or_duplicates() throws Exception {
        JobRequest request = job("broker", 400).build();

        client.submit(request);
        client.awaitEvents(request.jobId(), ofType(JobEventType.IMAGE_WRITTEN), 1, TIMEOUT);
        stack.stopKafka();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    readiness().statusCode() == 503);
            JobTestClient.pause(5_000);
            assertThat(client.jobRow(request.jobId()).get("status")).as("the job waits for the broker")
                    .isEqualTo("running");
        } finally {
            stack.resumeKafka();
        }
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);

        assertThat(end.type()).as("final event, reason %s", end.reason()).isEqualTo(JobEventType.COMPLETED);
        JobChecks.assertCompleteAndUnique(client, request);
        assertThat(client.events(request.jobId())).filteredOn(ofType(JobEventType.IMAGE_WRITTEN))
                .extracting(JobEvent::objectKey).doesNotHaveDuplicates().hasSize(400);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                readiness().statusCode() == 200);
    }

    @Test
    void should_export_every_metric_the_dashboard_plots() throws Exception {
        // some meters are registered only when first used (clipvq_jobs_total{outcome}): end a job first
        JobRequest request = job("metrics", 1).build();
        client.submit(request);
        assertThat(client.awaitTerminal(request.jobId(), TIMEOUT).type()).isEqualTo(JobEventType.COMPLETED);
        // http_server_requests counts requests outside /q/ (Quarkus leaves its own endpoints out), from the first
        HTTP.send(java.net.http.HttpRequest.newBuilder(worker.metrics().resolve("/")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());

        String scrape = worker.get(worker.metrics());
        Files.writeString(Path.of("target", "worker-metrics-scrape.txt"), scrape);
        Set<String> plotted = DashboardMetrics.plottedByWorkerDashboard();
        Set<String> exported = DashboardMetrics.exportedIn(scrape);

        assertThat(plotted).as("metrics the dashboard plots").isNotEmpty();
        assertThat(exported).as("metrics of a running worker's /q/metrics (all in target/worker-metrics-scrape.txt)"
                + " must include every metric %s plots", DashboardMetrics.DASHBOARD).containsAll(plotted);
    }

    /** One answer of /q/health/ready (the request gives up after 5 s). */
    private static java.net.http.HttpResponse<String> readiness() throws Exception {
        return HTTP.send(java.net.http.HttpRequest.newBuilder(
                worker.health("ready")).timeout(Duration.ofSeconds(5)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** The embedded PostgreSQL server and its backends (postmaster.pid holds the server's pid). */
    private static List<ProcessHandle> postgresProcesses() throws Exception {
        Path pidFile = stack.dataDir().resolve("postgres").resolve("postmaster.pid");
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>();
        all.add(server);
        server.descendants().forEach(all::add);
        return all;
    }

    /** Sends a signal to each process still alive (a backend may end between listing and signalling). */
    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle process : processes) {
            int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start()
                    .waitFor();
            assertThat(exit == 0 || !process.isAlive()).as("kill -%s %d", signal, process.pid()).isTrue();
        }
    }

    /** A one-prompt job whose id Kafka's default partitioner puts on {@code partition} of the request topic. */
    private static JobRequest jobOnPartition(String what, int partition) {
        while (true) {
            JobRequest request = job(what, 1).build();
            byte[] key = request.jobId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key))
                    % PARTITIONS == partition) {
                return request;
            }
        }
    }
}
