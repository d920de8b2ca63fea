package io.clipvq.worker.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkProgress;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.bulk.ShardMessage;
import io.clipvq.contracts.bulk.ShardRange;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.Violation;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.rerank.KeptImages;
import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.generation.Engines;
import io.clipvq.worker.generation.ModelPin;
import io.clipvq.worker.generation.PromptBatcher;
import io.clipvq.worker.generation.ServableModel;
import io.clipvq.worker.generation.UnknownModelException;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobLedger;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.jobs.OneRunPerKey;
import io.clipvq.worker.jobs.Reasons;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.clipvq.worker.storage.ImageWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one shard of a bulk job to its end, resuming where an earlier attempt stopped.
 *
 * <p>Image i is the best of N candidates drawn from {@code Seeds.derive(seedBase, i)}; its key is a function of i.
 * Images already recorded in bulk_images are skipped; a missing one is generated again (same seed, same bytes),
 * written to its key (replacing any object a crash left without its row) and then recorded, the insert ignoring an
 * image that is already there. So a crash at any point leaves no duplicate and, once the shard has run to its end,
 * no gap. When every image is recorded the shard manifest (and optional tar) is written from the table, the shard
 * is marked completed, and the worker that ends the last shard writes the job manifest and ends the job.
 *
 * <p>A cancel is checked before the shard starts (the shard is skipped) and between engine calls (the shard stops,
 * keeping its images, as "cancelled").
 */
@ApplicationScoped
public class ShardRunner {
    private static final Logger LOG = Logger.getLogger(ShardRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobLedger ledger;
    private final ShardStore store;
    private final BulkObjects objects;
    private final ImageWriter images;
    private final Engines engines;
    private final PromptBatcher batcher;
    private final BulkEvents events;
    private final WorkerMetrics metrics;
    private final String workerId;
    private final int imagesPerCall;
    private final long progressIntervalMillis;
    private final OneRunPerKey runs = new OneRunPerKey();

    @Inject
    ShardRunner(JobLedger ledger, ShardStore store, BulkObjects objects, ImageWriter images, Engines engines,
                PromptBatcher batcher, BulkEvents events, WorkerMetrics metrics, WorkerConfig config,
                @ConfigProperty(name = "clipvq-bulk.images-per-call", defaultValue = "1") int imagesPerCall,
                @ConfigProperty(name = "clipvq-bulk.progress-interval-ms", defaultValue = "2000")
                long progressIntervalMillis) {
        this(ledger, store, objects, images, engines, batcher, events, metrics, config.worker().id(), imagesPerCall,
                progressIntervalMillis);
    }

    public ShardRunner(JobLedger ledger, ShardStore store, BulkObjects objects, ImageWriter images, Engines engines,
                       PromptBatcher batcher, BulkEvents events, WorkerMetrics metrics, String workerId,
                       int imagesPerCall,
                       long progressIntervalMillis) {
        if (imagesPerCall < 1) {
            throw new IllegalStateException("clipvq-bulk.images-per-call must be at least 1, got " + imagesPerCall);
        }
        this.ledger = ledger;
        this.store = store;
        this.objects = objects;
        this.images = images;
        this.engines = engines;
        this.batcher = batcher;
        this.events = events;
        this.metrics = metrics;
        this.workerId = workerId;
        this.imagesPerCall = imagesPerCall;
        this.progressIntervalMillis = progressIntervalMillis;
    }

    public String workerId() {
        return workerId;
    }

    public void run(ShardMessage message) {
        // a redelivered shard waits for a delivery of the same shard still running here (OneRunPerKey)
        runs.run(message.jobId() + "#" + message.shardIndex(), () -> {
            // from its start, so that a call may wait for this shard's first images (PromptBatcher, "gathering")
            try (PromptBatcher.Participation turn = batcher.join()) {
                runOnce(message);
            }
        });
    }

    private void runOnce(ShardMessage message) {
        String jobId = message.jobId();
        JobRow job = ledger.find(jobId).filter(row -> row.kind() == JobKind.BULK)
                .orElseThrow(() -> new InvalidJobMessageException(List.of(new Violation("jobId", "\"" + jobId + "\"",
                        "no bulk job with this id (shard " + message.shardIndex() + ")")), null));
        if (job.status() != JobStatus.RUNNING || job.request() == null) {
            LOG.infof("shard %d of bulk job %s: job is %s, nothing to do", message.shardIndex(), jobId,
                    job.status().dbValue());
            return;
        }
        BulkRequest request = BulkJson.parseRequest(job.request());
        ShardRange shard = message.range();
        if (job.cancelRequested()) {
            store.endShard(jobId, shard.shardIndex(), ShardStatus.SKIPPED, null, null, null);
            LOG.infof("shard %d of bulk job %s skipped: the job is cancelled", shard.shardIndex(), jobId);
            finishIfLast(request);
            return;
        }
        Optional<ShardStatus> before = store.claimShard(jobId, shard.shardIndex(), workerId);
        if (before.isEmpty()) {
            throw new InvalidJobMessageException(List.of(new Violation("shardIndex",
                    Integer.toString(shard.shardIndex()), "bulk job " + jobId + " has no such shard")), jobId);
        }
        if (before.get().isTerminal()) {
            LOG.infof("shard %d of bulk job %s is %s already", shard.shardIndex(), jobId, before.get().dbValue());
            finishIfLast(request);
            return;
        }
        try {
            if (generate(request, job, shard)) {
                String manifestKey = writeManifest(request, shard);
                String tarKey = request.tarShards() ? writeTar(request, shard) : null;
                store.endShard(jobId, shard.shardIndex(), ShardStatus.COMPLETED, manifestKey, tarKey, null);
                LOG.infof("shard %d of bulk job %s completed (%d images)", shard.shardIndex(), jobId,
                        shard.imageCount());
            } else {
                store.endShard(jobId, shard.shardIndex(), ShardStatus.CANCELLED, null, null, null);
                LOG.infof("shard %d of bulk job %s stopped part-way: the job is cancelled", shard.shardIndex(), jobId);
            }
        } catch (RuntimeException e) {
            store.endShard(jobId, shard.shardIndex(), ShardStatus.FAILED, null, null, Reasons.of(e));
            finishIfLast(request);
            throw e;
        }
        events.progress(jobId, workerId);
        finishIfLast(request);
    }

    /**
     * Serves the shard's images in index order. Under the "distinct" reranking no image repeats an image of the same
     * prompt earlier in the shard: each prompt has one {@link KeptImages}, fed with every earlier image in order,
     * recorded ones (from their stored sha256, and their stored PNG when a near-duplicate threshold is set) as well
     * as new ones. So image i depends only on (seedBase, i) and the shard's images before it, which a re-run
     * reproduces: same bytes after a crash. A batch of one engine call never spans a recorded image.
     *
     * @return true when every image of the shard is recorded, false when a cancel stopped it
     */
    private boolean generate(BulkRequest request, JobRow job, ShardRange shard) {
        String jobId = request.jobId();
        BitSet recorded = store.recordedImages(jobId, shard);
        if (recorded.cardinality() == shard.imageCount()) {
            return true;
        }
        ServableModel model = ModelPin.choose(request.model(), job.model(), engines::resolve)
                .orElseThrow(() -> new UnknownModelException(request.model().toString(), ModelPin.list(engines)));
        int firstPrompt = Math.toIntExact(request.promptIndexOf(shard.firstImage()));
        List<String> prompts = store.prompts(jobId, firstPrompt,
                Math.toIntExact(request.promptIndexOf(shard.endImage() - 1)));
        GenerationSettings settings = GenerationSettings.of(request.sampling(), request.candidatesPerImage(), 1);
        PriorImages prior = new PriorImages(recordedOf(request, model, shard, settings));
        long lastProgress = System.currentTimeMillis();
        int offset = recorded.nextClearBit(0);
        while (offset < shard.imageCount()) {
            if (ledger.isCancelRequested(jobId)) {
                return false;
            }
            prior.catchUpTo(shard.firstImage() + offset);
            List<Long> batch = new ArrayList<>(imagesPerCall);
            while (offset < shard.imageCount() && batch.size() < imagesPerCall && !recorded.get(offset)) {
                batch.add(shard.firstImage() + offset);
                offset++;
            }
            offset = recorded.nextClearBit(offset);
            List<String> batchPrompts = new ArrayList<>(batch.size());
            List<KeptImages> kept = new ArrayList<>(batch.size());
            long[] seeds = new long[batch.size()];
            for (int b = 0; b < batch.size(); b++) {
                long image = batch.get(b);
                int promptIndex = Math.toIntExact(request.promptIndexOf(image));
                batchPrompts.add(prompts.get(promptIndex - firstPrompt));
                kept.add(prior.of(promptIndex));
                seeds[b] = request.imageSeed(image);
            }
            List<List<GeneratedImage>> generated = batcher.generate(model, settings, batchPrompts, seeds, kept);
            List<BulkImageRow> rows = new ArrayList<>(batch.size());
            for (int b = 0; b < batch.size(); b++) {
                rows.add(write(request, model, shard, batch.get(b), seeds[b], batchPrompts.get(b), generated.get(b)));
            }
            int inserted = store.recordImages(jobId, shard.shardIndex(), rows, workerId);
            ledger.recordImagesWritten(jobId, store.imagesDone(jobId));
            for (int i = 0; i < inserted; i++) {
                metrics.imageWritten();
            }
            if (System.currentTimeMillis() - lastProgress >= progressIntervalMillis) {
                events.progress(jobId, workerId);
                lastProgress = System.currentTimeMillis();
            }
        }
        return true;
    }

    /** The shard's recorded images in index order, each with the embedding the near-duplicate test needs, if any. */
    private List<PriorImages.Recorded> recordedOf(BulkRequest request, ServableModel model, ShardRange shard,
                                                 GenerationSettings settings) {
        // the near-duplicate threshold may come from the bundle's manifest: the engine knows
        boolean embed = engines.withEngine(model, engine -> engine.comparesEmbeddings(settings));
        List<PriorImages.Recorded> recorded = new ArrayList<>();
        store.forEachImageOfShard(request.jobId(), shard.shardIndex(), entry -> {
            float[] embedding = embed
                    ? engines.withEngine(model, engine -> engine.imageEmbedding(objects.read(entry.objectKey())))
                    : null;
            recorded.add(new PriorImages.Recorded(entry.imageIndex(), entry.promptIndex(), entry.sha256(), embedding));
        });
        return recorded;
    }

    private BulkImageRow write(BulkRequest request, ServableModel model, ShardRange shard, long imageIndex, long seed,
                               String prompt, List<GeneratedImage> kept) {
        if (kept.size() != 1) {
            throw new IllegalStateException("engine returned " + kept.size() + " images for image " + imageIndex
                    + " of bulk job " + request.jobId() + ", expected 1");
        }
        GeneratedImage image = kept.get(0);
        String key = BulkKeys.image(request, imageIndex);
        int promptIndex = Math.toIntExact(request.promptIndexOf(imageIndex));
        int repeat = Math.toIntExact(request.repeatOf(imageIndex));
        Map<String, String> placement = new LinkedHashMap<>();
        placement.put("job-id", request.jobId());
        placement.put("image-index", Long.toString(imageIndex));
        placement.put("prompt-index", Integer.toString(promptIndex));
        placement.put("image-seed", Long.toString(seed));
        String sha256 = images.store(key, image, placement, model.id());
        return new BulkImageRow(request.jobId(), imageIndex, shard.shardIndex(), promptIndex, repeat,
                image.candidateIndex(), seed, image.seed(), image.clipScore(), key, sha256, image.width(),
                image.height(), image.imageEmbedding());
    }

    private String writeManifest(BulkRequest request, ShardRange shard) {
        ShardManifest manifest = new ShardManifest();
        store.forEachImageOfShard(request.jobId(), shard.shardIndex(), manifest::add);
        if (manifest.lines() != shard.imageCount()) {
            throw new IllegalStateException("shard " + shard.shardIndex() + " of bulk job " + request.jobId() + " has "
                    + manifest.lines() + " recorded images, expected " + shard.imageCount());
        }
        String key = BulkKeys.shardManifest(request, shard.shardIndex());
        objects.put(key, manifest.toBytes(), ShardManifest.CONTENT_TYPE);
        return key;
    }

    /** The shard as a WebDataset tar: for image i, {@code <i, 10 digits>.png} and its manifest entry as .json. */
    private String writeTar(BulkRequest request, ShardRange shard) {
        Path file = null;
        try {
            file = Files.createTempFile("clipvq-shard-", ".tar");
            try (OutputStream out = Files.newOutputStream(file); TarShardWriter tar = new TarShardWriter(out)) {
                store.forEachImageOfShard(request.jobId(), shard.shardIndex(), entry -> {
                    try {
                        tar.sample(String.format(Locale.ROOT, "%010d", entry.imageIndex()),
                                objects.read(entry.objectKey()), JSON.writeValueAsBytes(entry));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            String key = BulkKeys.shardTar(request, shard.shardIndex());
            objects.putFile(key, file, "application/x-tar");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tar of shard " + shard.shardIndex() + " of bulk job "
                    + request.jobId(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Ends the job when this was its last unfinished shard (exactly one worker gets to do it). */
    void finishIfLast(BulkRequest request) {
        long promptCount = ledger.promptCount(request.jobId()).orElse(0);
        Optional<JobStatus> outcome = ledger.endIfReady(request.jobId(), () -> store.endingIfAllShardsEnded(
                request.jobId(), new JobManifestWriter(request, promptCount, objects))).map(JobLedger.Ending::status);
        outcome.ifPresent(status -> {
            BulkProgress p = store.progress(request.jobId()).orElseThrow();
            int done = Math.toIntExact(p.imagesDone());
            int total = Math.toIntExact(p.imagesTotal());
            LOG.infof("bulk job %s %s: %d of %d images, %d of %d shards completed", request.jobId(), status.dbValue(),
                    done, total, p.shardsCompleted(), p.shardsTotal());
            metrics.jobEnded(status.dbValue());
            events.progress(request.jobId(), workerId);
            switch (status) {
                case COMPLETED -> events.job(JobEvent.completed(request.jobId(), workerId, done, total));
                case CANCELLED -> events.job(JobEvent.cancelled(request.jobId(), workerId, done, total,
                        ledger.find(request.jobId()).map(JobRow::cancelReason).orElse("cancelled") + " ("
                                + store.tally(request.jobId()).describe() + ")"));
                default -> events.job(JobEvent.failed(request.jobId(), workerId, done, total, p.error()));
            }
        });
    }

}
