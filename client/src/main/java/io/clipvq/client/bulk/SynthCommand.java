package io.clipvq.client.bulk;

import io.clipvq.client.options.DatabaseOptions;
import io.clipvq.client.options.KafkaOptions;
import io.clipvq.client.options.SamplingOptions;
import io.clipvq.contracts.bulk.BulkDefaults;
import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkLayout;
import io.clipvq.contracts.bulk.BulkProgress;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.bulk.BulkStatusQueries;
import io.clipvq.contracts.bulk.PromptReader;
import io.clipvq.contracts.bulk.PromptStream;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code clipvq synth}: submits a bulk synthesis job and follows it with a progress bar read from the database
 * (the bulk_progress view), so it shows the whole job whichever pods run its shards.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Submit a bulk synthesis job from a prompt file (one prompt per line, or JSONL with a "
                + "\"prompt\" field) and follow it with a progress bar (done/total, rate, ETA, shards).")
public class SynthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--prompts-file", description = "local prompt file (.txt: one per line; .jsonl: {\"prompt\": ...}); "
            + "sent inline, at most " + BulkDefaults.MAX_INLINE_PROMPTS + " prompts")
    Path promptsFile;

    @Option(names = "--prompts-object", description = "key of a prompt file in the worker's bucket (any size)")
    String promptsObject;

    @Option(names = {"-m", "--model"}, required = true, description = "model bundle as name or name:version")
    String model;

    @Option(names = {"-i", "--images-per-prompt"}, defaultValue = "1", description = "images per prompt (default ${DEFAULT-VALUE})")
    int imagesPerPrompt;

    @Option(names = {"-n", "--candidates"}, description = "candidates per image, best-of-N (default 16)")
    Integer candidates;

    @Option(names = "--seed-base", description = "image i uses Seeds.derive(seedBase, i) (default: from the job id)")
    Long seedBase;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--prefix", description = "output prefix in the bucket (default: bulk)")
    String prefix;

    @Option(names = "--layout", description = "flat or by-prompt (default: flat)")
    String layout;

    @Option(names = "--shard-size", description = "images per shard (default 500)")
    Integer shardSize;

    @Option(names = "--tar", description = "also write each shard as a WebDataset tar")
    boolean tar;

    @Option(names = "--job-id", description = "the job id (idempotency key; default: a new UUID)")
    String jobId;

    @Option(names = "--no-follow", description = "submit and exit without following the job")
    boolean noFollow;

    @Option(names = "--interval", defaultValue = "PT1S", description = "how often the progress is read (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--timeout", defaultValue = "P7D", description = "stop following after this long (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BulkRequest request;
        try {
            request = request();
        } catch (InvalidJobMessageException | IllegalArgumentException e) {
            err.println("clipvq synth: " + e.getMessage());
            return 2;
        }
        kafka.send(Topics.BULK_REQUESTS, request.jobId(), BulkJson.toJson(request));
        out.println(request.jobId());
        out.flush();
        if (noFollow) {
            return 0;
        }
        return follow(request.jobId(), out, err);
    }

    private int follow(String id, PrintWriter out, PrintWriter err) throws Exception {
        boolean console = System.console() != null;
        Instant deadline = Instant.now().plus(timeout);
        String last = null;
        try (Connection connection = database.connect()) {
            while (Instant.now().isBefore(deadline)) {
                Optional<BulkProgress> progress = BulkStatusQueries.progress(connection, id);
                if (progress.isPresent() && progress.get().imagesTotal() > 0) {
                    BulkProgress p = progress.get();
                    String line = ProgressLine.render(p, Instant.now(), 30);
                    boolean ended = p.status().equals("completed") || p.status().equals("cancelled")
                            || p.status().equals("failed");
                    if (console) {
                        out.print("\r" + line);
                    } else if (!line.equals(last) || ended) {
                        out.println(line);
                    }
                    out.flush();
                    last = line;
                    if (ended) {
                        if (console) {
                            out.println();
                        }
                        out.println(ProgressLine.summary(p));
                        out.flush();
                        return p.status().equals("completed") ? 0 : 1;
                    }
                } else if (progress.isEmpty()) {
                    Optional<String> failure = failureOf(connection, id);
                    if (failure.isPresent()) {
                        err.println("job " + id + " failed: " + failure.get());
                        return 1;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(interval.toMillis());
            }
        }
        err.println("job " + id + " did not end within " + timeout);
        return 3;
    }

    /** A request refused before it became a bulk job leaves a failed jobs row with the reason. */
    private static Optional<String> failureOf(Connection connection, String id) throws java.sql.SQLException {
        try (var s = connection.prepareStatement("select error from jobs where job_id = ? and status = 'failed'")) {
            s.setString(1, id);
            try (var r = s.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        }
    }

    BulkRequest request() throws java.io.IOException {
        ModelRef ref = ModelRef.parse(model);
        BulkRequest.Builder builder = BulkRequest.builder(jobId != null ? jobId : UUID.randomUUID().toString(), ref)
                .optImagesPerPrompt(imagesPerPrompt).optSampling(sampling.settings())
                .optTarShards(tar);
        if ((promptsFile == null) == (promptsObject == null)) {
            throw new IllegalArgumentException("give exactly one of --prompts-file and --prompts-object");
        }
        if (promptsFile != null) {
            List<String> prompts = new ArrayList<>();
            try (InputStream in = Files.newInputStream(promptsFile);
                 PromptStream stream = PromptReader.of(promptsFile.getFileName().toString(), in)) {
                stream.forEachRemaining(prompts::add);
            } catch (InvalidJobMessageException e) {
                throw new IllegalArgumentException(promptsFile + ": " + e.getMessage(), e);
            }
            builder.addPrompts(prompts);
        } else {
            builder.optPromptsObject(promptsObject);
        }
        if (candidates != null) {
            builder.optCandidatesPerImage(candidates);
        }
        if (seedBase != null) {
            builder.optSeedBase(seedBase);
        }
        if (prefix != null) {
            builder.optOutputPrefix(prefix);
        }
        if (layout != null) {
            builder.optLayout(BulkLayout.fromWireName(layout));
        }
        if (shardSize != null) {
            builder.optShardSize(shardSize);
        }
        return builder.build();
    }
}
