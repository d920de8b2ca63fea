package io.clipvq.worker.intake;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.Topics;
import io.clipvq.devstack.SharedDevStack;
import io.clipvq.worker.storage.ObjectKeys;
import io.clipvq.worker.testing.DevStackResource;
import io.clipvq.worker.testing.JobChecks;
import io.clipvq.worker.testing.JobTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.clipvq.worker.testing.JobTestClient.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job path with the worker in this JVM (Quarkus test) on real Kafka, PostgreSQL and S3, and the test-scope
 * deterministic generator in place of the ONNX engine.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class JobPathInProcessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ModelRef MODEL = new ModelRef("test-pattern", "1");
    private static JobTestClient client;

    @BeforeAll
    static void connect() {
        client = new JobTestClient(SharedDevStack.get());
    }

    @AfterAll
    static void disconnect() throws Exception {
        client.close();
    }

    private static String newJobId(String what) {
        return what + "-" + UUID.randomUUID();
    }

    @Test
    void should_generate_a_job_end_to_end() {
        JobRequest request = JobRequest.builder(newJobId("e2e"), MODEL).addPrompt("a red circle")
                .addPrompt("a blue square").addPrompt("a green triangle").optCandidatesPerPrompt(4).optKeepPerPrompt(2)
                .optOutputPrefix("it/e2e").build();

        client.submit(request);
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);

        assertThat(end.type()).isEqualTo(JobEventType.COMPLETED);
        assertThat(end.imagesDone()).isEqualTo(6);
        JobChecks.assertCompleteAndUnique(client, request);
        List<JobEvent> events = client.events(request.jobId());
        assertThat(events).extracting(JobEvent::type).startsWith(JobEventType.ACCEPTED, JobEventType.STARTED)
                .endsWith(JobEventType.COMPLETED);
        assertThat(events).filteredOn(ofType(JobEventType.IMAGE_WRITTEN)).hasSize(6)
                .extracting(JobEvent::objectKey).doesNotHaveDuplicates();
        // rank 0 is the best candidate of its prompt
        List<Map<String, Object>> rows = client.imageRows(request.jobId());
        for (int p = 0; p < 3; p++) {
            double best = (double) rows.get(2 * p).get("clip_score");
            double second = (double) rows.get(2 * p + 1).get("clip_score");
            assertThat(best).isGreaterThanOrEqualTo(second);
        }
        assertThat(rows.get(0).get("seed")).isNotEqualTo(rows.get(2).get("seed"));
    }

    @Test
    void should_write_each_image_once_when_the_same_job_id_arrives_twice() {
        JobRequest request = JobRequest.builder(newJobId("twice"), MODEL).addPrompt("one").addPrompt("two")
                .optCandidatesPerPrompt(3).optKeepPerPrompt(1).build();

        client.submit(request);
        client.submit(request);
        client.awaitEvents(request.jobId(), ofType(JobEventType.COMPLETED), 2, TIMEOUT);

        JobChecks.assertCompleteAndUnique(client, request);
        assertThat(client.events(request.jobId())).filteredOn(ofType(JobEventType.IMAGE_WRITTEN)).hasSize(2);
    }

    @Test
    void should_dead_letter_malformed_messages_mark_them_failed_and_go_on() {
        String notJson = newJobId("notjson");
        String outOfRange = newJobId("range");
        String unknownModel = newJobId("model");
        client.sendRaw(Topics.JOB_REQUESTS, notJson, "{this is not json");
        client.sendRaw(Topics.JOB_REQUESTS, outOfRange, "{\"schemaVersion\":1,\"jobId\":\"" + outOfRange
                + "\",\"prompts\":[\"x\"],\"candidatesPerPrompt\":65,\"model\":{\"name\":\"test-pattern\"}}");
        client.submit(JobRequest.builder(unknownModel, new ModelRef("no-such-model", null)).addPrompt("x").build());
        JobRequest good = JobRequest.builder(newJobId("after-bad"), MODEL).addPrompt("fine").optCandidatesPerPrompt(2)
                .build();
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
        JobRequest.Builder builder = JobRequest.builder(newJobId("cancel"), MODEL).optCandidatesPerPrompt(2);
        for (int p = 0; p < 40; p++) {
            builder.addPrompt("prompt " + p);
        }
        JobRequest request = builder.build();

        client.submit(request);
        client.awaitEvents(request.jobId(), ofType(JobEventType.IMAGE_WRITTEN), 1, TIMEOUT);
        client.cancel(request.jobId(), "changed my mind");
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);

        assertThat(end.type()).isEqualTo(JobEventType.CANCELLED);
        assertThat(end.reason()).isEqualTo("changed my mind");
        Map<String, Object> job = client.jobRow(request.jobId());
        assertThat(job.get("status")).isEqualTo("cancelled");
        int written = (int) job.get("images_written");
        assertThat(written).isBetween(1, 39);
        assertThat(end.imagesDone()).isEqualTo(written);
        assertThat(client.objectKeys(ObjectKeys.jobPrefix(request.outputPrefix(), request.jobId()))).hasSize(written);
        JobChecks.assertRowsMatchObjects(client, request.jobId());
    }

    @Test
    void should_end_a_job_cancelled_before_it_arrives_without_generating() {
        JobRequest request = JobRequest.builder(newJobId("precancel"), MODEL).addPrompt("never").build();

        client.cancel(request.jobId(), "too late anyway");
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> client.jobRow(request.jobId()) != null
                && client.jobRow(request.jobId()).get("cancel_requested_at") != null);
        client.submit(request);
        JobEvent end = client.awaitTerminal(request.jobId(), TIMEOUT);

        assertThat(end.type()).isEqualTo(JobEventType.CANCELLED);
        assertThat(client.imageRows(request.jobId())).isEmpty();
    }
}
