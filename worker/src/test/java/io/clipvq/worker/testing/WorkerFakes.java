package io.clipvq.worker.testing;

import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobEventType;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.rerank.KeptImages;
import io.clipvq.engine.TextToImageEngine;
import io.clipvq.worker.bulk.BulkEvents;
import io.clipvq.worker.bulk.BulkObjects;
import io.clipvq.worker.generation.Engines;
import io.clipvq.worker.events.JobEvents;
import io.clipvq.worker.generation.ModelCatalog;
import io.clipvq.worker.generation.PromptGenerator;
import io.clipvq.worker.generation.ServableModel;
import io.clipvq.worker.generation.UnknownModelException;
import io.clipvq.worker.intake.Image;
import io.clipvq.worker.intake.JobImages;
import io.clipvq.worker.storage.ImageObjects;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
        /** Writes to refuse (as an unreachable storage does) before taking them again. */
        public int refuseNext;
        /** Called with each key before it is written (a test can hold a write up here). */
        public java.util.function.Consumer<String> beforePut = key -> {
        };

        public Objects(List<String> log) {
            this.log = log;
        }

        @Override
        public synchronized void putPng(String key, byte[] png, Map<String, String> metadata) {
            beforePut.accept(key);
            if (failWith != null) {
                throw failWith;
            }
            if (refuseNext > 0) {
                refuseNext--;
                throw new io.clipvq.worker.storage.StorageException("connection refused", null);
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

        @Override
        public synchronized void markAnnounced(String jobId, int promptIndex, int rank) {
            rows.stream().filter(r -> r.jobId.equals(jobId) && r.promptIndex == promptIndex && r.rank == rank)
                    .forEach(r -> r.announced = true);
        }

        @Override
        public synchronized List<Image> unannounced(String jobId) {
            return rows.stream().filter(r -> r.jobId.equals(jobId) && !r.announced)
                    .sorted(java.util.Comparator.comparingInt((Image r) -> r.promptIndex).thenComparingInt(r -> r.rank))
                    .toList();
        }

        @Override
        public synchronized List<Image> list(String jobId) {
            return rows.stream().filter(r -> r.jobId.equals(jobId))
                    .sorted(java.util.Comparator.comparingInt((Image r) -> r.promptIndex).thenComparingInt(r -> r.rank))
                    .toList();
        }
    }

    /** The fakes serve one model, fake:1.0.0. */
    public static final FakeModels FAKE_MODEL_CATALOG = new FakeModels();

    public static final class FakeModels implements ModelCatalog {
        private static final ServableModel FAKE = new ServableModel("fake", "1.0.0", "memory", true);

        public Optional<ServableModel> resolve(ModelRef model) {
            return model.matches(FAKE.name(), FAKE.version()) ? Optional.of(FAKE) : Optional.empty();
        }

        @Override
        public List<ServableModel> models() {
            return List.of(FAKE);
        }
    }

    public static final class Events implements JobEvents {
        public final List<JobEvent> sent = new ArrayList<>();
        /** Runs before each event is sent; throwing from it stands for a broker that never acknowledged the event. */
        public java.util.function.Consumer<JobEvent> beforeSend = event -> {
        };

        @Override
        public synchronized void publish(JobEvent event) {
            beforeSend.accept(event);
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
        public final List<List<Integer>> calls = new ArrayList<>();
        public int promptsPerCall = 1;
        public IntConsumer beforePrompt = p -> {
        };

        @Override
        public Optional<ServableModel> resolve(ModelRef model) {
            return FAKE_MODEL_CATALOG.resolve(model);
        }

        @Override
        public List<ServableModel> models() {
            return FAKE_MODEL_CATALOG.models();
        }

        @Override
        public int promptsPerCall() {
            return promptsPerCall;
        }

        @Override
        public List<List<GeneratedImage>> generate(JobRequest request, ServableModel model,
                                                   List<Integer> promptIndices) {
            calls.add(List.copyOf(promptIndices));
            List<List<GeneratedImage>> kept = new ArrayList<>();
            for (int promptIndex : promptIndices) {
                beforePrompt.accept(promptIndex);
                promptsGenerated.add(promptIndex);
                kept.add(keptImages(request.prompts().get(promptIndex), request.promptSeed(promptIndex),
                        request.keepPerPrompt()));
            }
            return kept;
        }
    }

    /** Kept "images" of one prompt: their bytes a function of (prompt, seed, rank), best score first. */
    static List<GeneratedImage> keptImages(String prompt, long promptSeed, int keep) {
        List<GeneratedImage> kept = new ArrayList<>();
        for (int rank = 0; rank < keep; rank++) {
            byte[] png = (prompt + "|" + promptSeed + "|" + rank).getBytes(StandardCharsets.UTF_8);
            kept.add(new GeneratedImage(rank, promptSeed + rank, 0.5 - rank * 0.01, png, 8, 8, sha256(png), null));
        }
        return kept;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An engine pool of one fake engine: each prompt's kept images are a function of (prompt, prompt seed, rank), as
     * the real engine's are of its seeds; an optional hook runs before each call (to cancel or fail mid-shard).
     */
    public static final class Engine implements Engines, TextToImageEngine {
        public final List<Long> seedsGenerated = new ArrayList<>();
        public Runnable beforeCall = () -> {
        };

        @Override
        public Optional<ServableModel> resolve(ModelRef model) {
            return FAKE_MODEL_CATALOG.resolve(model);
        }

        @Override
        public List<ServableModel> models() {
            return FAKE_MODEL_CATALOG.models();
        }

        @Override
        public <T> T withEngine(ServableModel model, Function<TextToImageEngine, T> work) {
            if (!FAKE_MODEL_CATALOG.models().contains(model)) {
                throw new UnknownModelException(model.id(), "fake:1.0.0");
            }
            return work.apply(this);
        }

        @Override
        public String modelName() {
            return "fake";
        }

        @Override
        public String modelVersion() {
            return "1.0.0";
        }

        @Override
        public List<List<GeneratedImage>> generate(List<String> prompts, long[] promptSeeds, GenerationSettings settings,
                                                   List<KeptImages> keptSoFar) {
            beforeCall.run();
            List<List<GeneratedImage>> out = new ArrayList<>();
            for (int p = 0; p < prompts.size(); p++) {
                seedsGenerated.add(promptSeeds[p]);
                out.add(keptImages(prompts.get(p), promptSeeds[p], settings.keep()));
            }
            return out;
        }

        @Override
        public float[] imageEmbedding(byte[] png) {
            return new float[]{1f};
        }

        @Override
        public void close() {
        }
    }

    /** Bulk objects (manifests, tars, prompt files) in memory. */
    public static final class BulkFiles implements BulkObjects {
        public final Map<String, byte[]> objects = new LinkedHashMap<>();

        @Override
        public String bucket() {
            return "test";
        }

        @Override
        public synchronized InputStream open(String key) {
            return new ByteArrayInputStream(read(key));
        }

        @Override
        public synchronized byte[] read(String key) {
            byte[] bytes = objects.get(key);
            if (bytes == null) {
                throw new IllegalArgumentException("no object " + key);
            }
            return bytes;
        }

        @Override
        public synchronized void put(String key, byte[] bytes, String contentType) {
            objects.put(key, bytes);
        }

        @Override
        public synchronized void putFile(String key, Path file, String contentType) {
            try {
                objects.put(key, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Bulk events recorded in order: job events, and "progress" for each progress report. */
    public static final class BulkEventLog implements BulkEvents {
        public final List<JobEvent> jobEvents = new ArrayList<>();
        public int progressReports;

        @Override
        public synchronized void job(JobEvent event) {
            jobEvents.add(event);
        }

        @Override
        public synchronized void progress(String jobId, String workerId) {
            progressReports++;
        }
    }
}
