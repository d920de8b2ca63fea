package io.clipvq.worker.testing;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.worker.events.JobEvents;
import io.clipvq.worker.generation.PromptGenerator;
import io.clipvq.worker.intake.Image;
import io.clipvq.worker.intake.JobImages;
import io.clipvq.worker.storage.ImageObjects;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/** Small in-memory stand-ins for the worker's ports, for unit tests of job logic. */
public final class WorkerFakes {
    private WorkerFakes() {
    }

    /** Objects by key, with the order of writes (to check that a row is recorded only after its object). */
    public static final class Objects implements ImageObjects {
        public final Map<String, Map<String, String>> metadata = new LinkedHashMap<>();
        public final List<String> log;
        public RuntimeException failWith;

        public Objects(List<String> log) {
            this.log = log;
        }

        @Override
        public synchronized void putPng(String key, byte[] png, Map<String, String> metadata) {
            if (failWith != null) {
                throw failWith;
            }
            this.metadata.put(key, metadata);
            log.add("put " + key);
        }
    }

    /** The images table in memory, unique on (job, prompt, rank). */
    public static final class Images implements JobImages {
        public final List<Image> rows = new ArrayList<>();
        public final List<String> log;

        public Images(List<String> log) {
            this.log = log;
        }

        @Override
        public synchronized Set<Integer> recordedRanks(String jobId, int promptIndex) {
            return rows.stream().filter(r -> r.jobId.equals(jobId) && r.promptIndex == promptIndex)
                    .map(r -> r.rank).collect(Collectors.toSet());
        }

        @Override
        public synchronized List<Integer> completedPrompts(String jobId, int keepPerPrompt) {
            return rows.stream().filter(r -> r.jobId.equals(jobId))
                    .collect(Collectors.groupingBy(r -> r.promptIndex, Collectors.counting())).entrySet().stream()
                    .filter(e -> e.getValue() >= keepPerPrompt).map(Map.Entry::getKey).sorted().toList();
        }

        @Override
        public synchronized boolean record(Image image) {
            if (recordedRanks(image.jobId, image.promptIndex).contains(image.rank)) {
                return false;
            }
            rows.add(image);
            log.add("record " + image.objectKey);
            return true;
        }

        @Override
        public synchronized long count(String jobId) {
            return rows.stream().filter(r -> r.jobId.equals(jobId)).count();
        }
    }

    public static final class Events implements JobEvents {
        public final List<JobEvent> sent = new ArrayList<>();

        @Override
        public synchronized void publish(JobEvent event) {
            sent.add(event);
        }

        public synchronized List<JobEventType> types() {
            return sent.stream().map(JobEvent::type).toList();
        }
    }

    /**
     * Draws "images" whose bytes are a function of (prompt, prompt seed, rank), as the engine's are of its seeds; an
     * optional hook runs before each prompt (to cancel or fail mid-job).
     */
    public static final class Generator implements PromptGenerator {
        public final List<Integer> promptsGenerated = new ArrayList<>();
        public IntConsumer beforePrompt = p -> {
        };

        @Override
        public String modelName() {
            return "fake";
        }

        @Override
        public String modelVersion() {
            return "1.0.0";
        }

        @Override
        public List<GeneratedImage> generate(JobRequest request, int promptIndex) {
            beforePrompt.accept(promptIndex);
            promptsGenerated.add(promptIndex);
            List<GeneratedImage> kept = new ArrayList<>();
            for (int rank = 0; rank < request.keepPerPrompt(); rank++) {
                byte[] png = (request.prompts().get(promptIndex) + "|" + request.promptSeed(promptIndex) + "|" + rank)
                        .getBytes(StandardCharsets.UTF_8);
                kept.add(new GeneratedImage(rank, request.promptSeed(promptIndex) + rank, 0.5 - rank * 0.01, png, 8,
                        8, sha256(png), null));
            }
            return kept;
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
