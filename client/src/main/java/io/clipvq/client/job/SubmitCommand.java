package io.clipvq.client.job;

import io.clipvq.client.options.KafkaOptions;
import io.clipvq.client.options.SamplingOptions;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Put a job request on Kafka; with --wait, follow its events until it ends.")
public class SubmitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = {"-p", "--prompt"}, description = "a prompt (repeat for several)")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--prompts-file", description = "a text file with one prompt per line")
    Path promptsFile;

    @Option(names = "--job-id", description = "the job id (idempotency key; default: a new UUID)")
    String jobId;

    @Option(names = {"-m", "--model"}, required = true, description = "model bundle as name or name:version")
    String model;

    @Option(names = {"-n", "--candidates"}, description = "candidates per prompt, best-of-N (default 16)")
    Integer candidates;

    @Option(names = {"-k", "--keep"}, description = "images kept per prompt (default 1)")
    Integer keep;

    @Option(names = "--seed", description = "job seed (default: derived from the job id)")
    Long seed;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--prefix", description = "output prefix in the bucket (default: jobs)")
    String prefix;


    @Option(names = "--wait", description = "print the job's events until it completes, fails or is cancelled")
    boolean await;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "how long --wait waits (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JobRequest request;
        try {
            request = request();
        } catch (InvalidJobMessageException e) {
            err.println(e.getMessage());
            return 2;
        }
        String json = JobJson.toJson(request);
        if (!await) {
            kafka.send(Topics.JOB_REQUESTS, request.jobId(), json);
            out.println(request.jobId());
            return 0;
        }
        try (KafkaConsumer<String, String> consumer = kafka.consumer()) {
            // position at the end of the events before submitting, so no event of this job is missed
            List<TopicPartition> partitions = eventPartitions(consumer);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            kafka.send(Topics.JOB_REQUESTS, request.jobId(), json);
            out.println(request.jobId());
            out.flush();
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!request.jobId().equals(record.key())) {
                        continue;
                    }
                    JobEvent event = JobJson.parseEvent(record.value());
                    out.println(describe(event));
                    out.flush();
                    if (event.type().isTerminal()) {
                        return event.type() == io.clipvq.contracts.job.JobEventType.COMPLETED ? 0 : 1;
                    }
                }
            }
            err.println("job " + request.jobId() + " did not end within " + timeout);
            return 3;
        }
    }

    /**
     * On a fresh broker the events topic does not exist until its first metadata request creates it, and that
     * first answer lists no partitions: ask again until it does rather than assign nothing.
     */
    private static List<TopicPartition> eventPartitions(KafkaConsumer<String, String> consumer) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.JOB_EVENTS, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("topic " + Topics.JOB_EVENTS + " has no partitions after 30 s");
            }
            Thread.sleep(200);
        }
    }

    JobRequest request() throws java.io.IOException {
        List<String> all = new ArrayList<>(prompts);
        if (promptsFile != null) {
            for (String line : Files.readAllLines(promptsFile)) {
                if (!line.isBlank()) {
                    all.add(line.strip());
                }
            }
        }
        ModelRef ref = ModelRef.parse(model);
        JobRequest.Builder builder = JobRequest.builder(jobId != null ? jobId : UUID.randomUUID().toString(), ref)
                .addPrompts(all).optSampling(sampling.settings());
        if (candidates != null) {
            builder.optCandidatesPerPrompt(candidates);
        }
        if (keep != null) {
            builder.optKeepPerPrompt(keep);
        }
        if (seed != null) {
            builder.optSeed(seed);
        }
        if (prefix != null) {
            builder.optOutputPrefix(prefix);
        }
        return builder.build();
    }

    static String describe(JobEvent e) {
        String progress = e.imagesDone() == null ? "" : " " + e.imagesDone() + "/" + (e.imagesTotal() == null ? "?" : e.imagesTotal());
        String detail = switch (e.type()) {
            case IMAGE_WRITTEN -> " " + e.objectKey() + " (prompt " + e.promptIndex() + ", rank " + e.rank()
                    + ", clip " + String.format("%.4f", e.clipScore()) + ")";
            case FAILED, CANCELLED -> e.reason() == null ? "" : " reason: " + e.reason();
            default -> "";
        };
        return e.timestamp() + " " + e.type().wireName() + progress + detail;
    }
}
