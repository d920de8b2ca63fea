package io.clipvq.worker.hostile;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends every case of the hostile-input corpus to a worker on the embedded stack and checks each outcome: the
 * record is dead-lettered with a reason that names the problem in one printable line (never SQL, stack text or
 * parser internals), the key's job ends as the case says, and the worker goes on to run a good job.
 */
class HostileInputIT {

    private static final ModelRef MODEL = new ModelRef("it-hostile", "1.0.0");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static DevStack stack;
    private static JobTestClient client;
    private static WorkerProcess worker;

    @BeforeAll
    static void startWorker() throws Exception {
        stack = SharedDevStack.get();
        Path bundle = TestBundles.writeRandom(MODEL, 13, "hostile-bundle-");
        client = new JobTestClient(stack);
        worker = WorkerProcess.start(stack, bundle, "w-hostile", Map.of());
    }

    @AfterAll
    static void stopWorker() throws Exception {
        TestBundles.close(worker, client);
    }

    @Test
    void should_handle_every_case_of_the_corpus_as_it_says_and_go_on() {
        List<HostileCorpus.Case> cases = HostileCorpus.load(MODEL.name(), UUID.randomUUID().toString().substring(0, 8));
        for (HostileCorpus.Case c : cases) {
            client.sendBytes(c.topic(), c.key(), c.value());
        }
        JobRequest good = JobRequest.builder("hostile-good-" + UUID.randomUUID(), MODEL).addPrompt("a red circle")
                .optCandidatesPerPrompt(2).optSampling(new SamplingSettings(2, null, null)).build();
        client.submit(good);

        Map<String, ConsumerRecord<String, String>> letters = new HashMap<>();
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(2)).until(() -> {
            for (String topic : List.of(Topics.JOB_REQUESTS_DEAD_LETTER, Topics.BULK_REQUESTS_DEAD_LETTER,
                    Topics.BULK_SHARDS_DEAD_LETTER)) {
                client.records(topic).forEach(r -> letters.put(topic + " " + r.key(), r));
            }
            return cases.stream().filter(c -> c.reason() != null)
                    .allMatch(c -> letters.containsKey(c.deadLetterTopic() + " " + c.key()));
        });
        assertThat(client.awaitTerminal(good.jobId(), TIMEOUT).type()).as("a good job after the corpus")
                .isEqualTo(JobEventType.COMPLETED);
        JobChecks.assertCompleteAndUnique(client, good);
        Awaitility.await().atMost(TIMEOUT).until(() -> cases.stream()
                .filter(c -> c.job() != HostileCorpus.JobOutcome.ABSENT)
                .allMatch(c -> client.jobRow(c.jobId()) != null));

        SoftAssertions soft = new SoftAssertions();
        for (HostileCorpus.Case c : cases) {
            if (c.reason() != null) {
                ConsumerRecord<String, String> letter = letters.get(c.deadLetterTopic() + " " + c.key());
                String reason = JobTestClient.header(letter, Topics.DEAD_LETTER_REASON_HEADER);
                soft.assertThat(reason).as("dead-letter reason of '%s'", c.name()).contains(c.reason())
                        .doesNotContain("\n").doesNotContainIgnoringCase("insert into")
                        .doesNotContain("Exception").hasSizeLessThanOrEqualTo(300)
                        .matches("\\P{Cntrl}*");
                if (c.reasonNot() != null) {
                    soft.assertThat(reason).as("reason of '%s'", c.name()).doesNotContain(c.reasonNot());
                }
                soft.assertThat(client.valueBytes(c.deadLetterTopic(), c.key())).as("dead letter of '%s'", c.name())
                        .hasSize(1).first().isEqualTo(c.value());
            }
            Optional<Map<String, Object>> row = Optional.ofNullable(client.jobRow(c.jobId()));
            switch (c.job()) {
                case ABSENT -> soft.assertThat(row).as("job of '%s'", c.name()).isEmpty();
                case CANCELLED -> soft.assertThat(row.map(r -> r.get("status"))).as("job of '%s'", c.name())
                        .contains("cancelled");
                case FAILED -> {
                    soft.assertThat(row.map(r -> r.get("status"))).as("job of '%s'", c.name()).contains("failed");
                    row.ifPresent(r -> soft.assertThat((String) r.get("error")).as("error of '%s'", c.name())
                            .contains(c.reason()).doesNotContain("\n").matches("\\P{Cntrl}*"));
                }
            }
        }
        soft.assertAll();
    }
}
