package io.clipvq.worker.intake;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.Violation;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.events.JobEvents;
import io.clipvq.worker.generation.ModelPin;
import io.clipvq.worker.generation.PromptBatcher;
import io.clipvq.worker.generation.PromptGenerator;
import io.clipvq.worker.generation.ServableModel;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobLedger;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobSettings;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.jobs.OneRunPerKey;
import io.clipvq.worker.jobs.Reasons;
import io.clipvq.worker.jobs.Registration;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.clipvq.worker.storage.ImageWriter;
import io.clipvq.worker.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one valid job request to its end, resuming where an earlier attempt stopped.
 *
 * <p>Exactly-once images under at-least-once delivery: a prompt whose kept images are all recorded is skipped;
 * for the others the prompt is generated again from the same seeds, each missing image is stored under its
 * deterministic key (replacing any object a crash left without its row) and then recorded, and the insert
 * ignores a (job, prompt, rank) that is already there.
 *
 * <p>The prompts not yet done are generated a few at a time ({@link PromptGenerator#promptsPerCall()}; the
 * generator may run them in one engine call with other jobs' prompts). One call's images are written (object, row,
 * event, in that order, prompt by prompt) on a writer thread while the next call's prompts are generated
 * ({@link PromptWritePipeline}); writes stay in order, one call at a time, and all of them have ended before the job
 * is finished, cancelled or failed.
 *
 * <p>A cancel is read from the ledger before each call. A failure while running ends the job failed here (this
 * runner owns it) and is rethrown as {@link JobRunFailedException}.
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobLedger ledger;
    private final JobImages images;
    private final ImageWriter writer;
    private final PromptGenerator generator;
    private final JobEvents events;
    private final WorkerMetrics metrics;
    private final String workerId;
    private final OneRunPerKey runs = new OneRunPerKey();

    @Inject
    JobRunner(JobLedger ledger, JobImages images, ImageWriter writer, PromptGenerator generator, JobEvents events,
              WorkerMetrics metrics, WorkerConfig config) {
        this(ledger, images, writer, generator, events, metrics, config.worker().id());
    }

    public JobRunner(JobLedger ledger, JobImages images, ImageWriter writer, PromptGenerator generator,
                     JobEvents events, WorkerMetrics metrics, String workerId) {
        this.ledger = ledger;
        this.images = images;
        this.writer = writer;
        this.generator = generator;
        this.events = events;
        this.metrics = metrics;
        this.workerId = workerId;
    }

    public String workerId() {
        return workerId;
    }

    /**
     * @throws InvalidJobMessageException when the request cannot run here (unknown model)
     * @throws JobIdConflictException     when the job id belongs to a different request
     * @throws JobRunFailedException      when the job ran and failed (it is marked failed already)
     */
    public void run(JobRequest request) {
        // a redelivered record waits for a delivery of the same job still running here (OneRunPerKey)
        runs.run(request.jobId(), () -> {
            // from its start, so that a call may wait for this job's first prompts (PromptBatcher, "gathering")
            try (PromptBatcher.Participation turn = generator.join()) {
                runOnce(request);
            }
        });
    }

    private void runOnce(JobRequest request) {
        String jobId = request.jobId();
        String canonical = JobJson.toJson(request);
        JobSettings settings = JobSettings.of(request);
        int total = request.imagesExpected();
        ledger.recordArrival(jobId, JobKind.SINGLE, canonical, settings,
                () -> events.publish(JobEvent.accepted(jobId, workerId, 0, total)));
        ServableModel model = ModelPin.choose(request.model(), ledger.find(jobId).map(JobRow::model).orElse(null),
                generator::resolve).orElseThrow(() -> new InvalidJobMessageException(List.of(new Violation("model",
                request.model().toString(), "unknown model: this worker serves " + ModelPin.list(generator))), jobId));
        Registration registration = ledger.register(jobId, JobKind.SINGLE, canonical,
                settings.withModel(model.name(), model.version()), workerId);
        switch (registration) {
            case CONFLICT -> throw new JobIdConflictException(jobId);
            case ALREADY_COMPLETED -> {
                LOG.infof("job %s was already completed; not generating again", jobId);
                events.publish(JobEvent.completed(jobId, workerId, done(jobId), total));
            }
            case ALREADY_CANCELLED -> events.publish(JobEvent.cancelled(jobId, workerId, done(jobId), total,
                    cancelReason(jobId)));
            case RUN, RETRY -> runRegistered(request, model);
        }
    }

    private void runRegistered(JobRequest request, ServableModel model) {
        String jobId = request.jobId();
        metrics.jobStarted();
        try {
            generate(request, model);
        } catch (RuntimeException e) {
            String reason = Reasons.of(e);
            LOG.errorf(e, "job %s failed", jobId);
            if (ledger.failRunning(jobId, reason)) {
                metrics.jobEnded("failed");
                events.publish(JobEvent.failed(jobId, workerId, done(jobId), request.imagesExpected(), reason));
            }
            throw new JobRunFailedException(jobId, reason, e);
        } finally {
            metrics.jobLeft();
        }
    }

    private void generate(JobRequest request, ServableModel model) {
        String jobId = request.jobId();
        int total = request.imagesExpected();
        Set<Integer> donePrompts = new HashSet<>(images.completedPrompts(jobId, request.keepPerPrompt()));
        int done = done(jobId);
        events.publish(JobEvent.started(jobId, workerId, done, total));
        LOG.infof("job %s: %d prompts, %d of %d images already written", jobId, request.prompts().size(), done, total);
        announceUnannounced(jobId, total);
        List<Integer> todo = new ArrayList<>();
        for (int p = 0; p < request.prompts().size(); p++) {
            if (!donePrompts.contains(p)) {
                todo.add(p);
            }
        }
        int perCall = Math.max(1, generator.promptsPerCall());
        // one call's images are written while the next call's prompts are generated (PromptWritePipeline: in order,
        // one call in flight, all written before the job ends)
        try (PromptWritePipeline writes = new PromptWritePipeline()) {
            for (int from = 0; from < todo.size(); from += perCall) {
                if (ledger.isCancelRequested(jobId)) {
                    writes.awaitWritten();
                    ledger.finish(jobId, JobStatus.CANCELLED);
                    metrics.jobEnded("cancelled");
                    LOG.infof("job %s cancelled after %d of %d images", jobId, done(jobId), total);
                    events.publish(JobEvent.cancelled(jobId, workerId, done(jobId), total, cancelReason(jobId)));
                    return;
                }
                List<Integer> call = List.copyOf(todo.subList(from, Math.min(todo.size(), from + perCall)));
                List<List<GeneratedImage>> kept = generator.generate(request, model, call);
                writes.start(() -> {
                    for (int i = 0; i < call.size(); i++) {
                        writePrompt(request, model, call.get(i), kept.get(i), total);
                        events.publish(JobEvent.progress(jobId, workerId, done(jobId), total));
                    }
                });
            }
            writes.awaitWritten();
        }
        ledger.finish(jobId, JobStatus.COMPLETED);
        metrics.jobEnded("completed");
        LOG.infof("job %s completed: %d images", jobId, done(jobId));
        events.publish(JobEvent.completed(jobId, workerId, done(jobId), total));
    }

    private void writePrompt(JobRequest request, ServableModel model, int promptIndex, List<GeneratedImage> kept,
                             int total) {
        String jobId = request.jobId();
        Set<Integer> recordedRanks = images.recordedRanks(jobId, promptIndex);
        int written = done(jobId);
        for (int rank = 0; rank < kept.size(); rank++) {
            if (recordedRanks.contains(rank)) {
                continue;
            }
            GeneratedImage generated = kept.get(rank);
            String key = ObjectKeys.image(request.outputPrefix(), jobId, promptIndex, rank);
            Map<String, String> placement = new LinkedHashMap<>();
            placement.put("job-id", jobId);
            placement.put("prompt-index", Integer.toString(promptIndex));
            placement.put("rank", Integer.toString(rank));
            String sha256 = writer.store(key, generated, placement, model.id());
            if (images.record(row(request, model, promptIndex, rank, generated, key, sha256))) {
                // the event follows the row at once and is marked sent when the broker has acknowledged it; a worker
                // killed in between leaves the row unannounced, and the job's next attempt announces it
                written++;
                events.publish(JobEvent.imageWritten(jobId, workerId, promptIndex, rank, generated.candidateIndex(),
                        generated.seed(), generated.clipScore(), key, sha256, written, total));
                images.markAnnounced(jobId, promptIndex, rank);
                metrics.imageWritten();
                ledger.recordImagesWritten(jobId, images.count(jobId));
            }
        }
    }

    /**
     * Sends the image-written events an earlier attempt recorded the image for but may not have sent (it stopped
     * between the row and the broker's acknowledgement). An event acknowledged just before such a stop is sent twice:
     * image-written events are at least once, at most one repeat per stop; the images themselves exactly once.
     */
    private void announceUnannounced(String jobId, int total) {
        List<Image> pending = images.unannounced(jobId);
        int done = done(jobId);
        for (Image image : pending) {
            events.publish(JobEvent.imageWritten(jobId, workerId, image.promptIndex, image.rank, image.candidateIndex,
                    image.seed, image.clipScore, image.objectKey, image.sha256, done, total));
            images.markAnnounced(jobId, image.promptIndex, image.rank);
        }
        if (!pending.isEmpty()) {
            LOG.infof("job %s: announced %d image(s) an earlier attempt recorded without announcing", jobId,
                    pending.size());
        }
    }

    private Image row(JobRequest request, ServableModel model, int promptIndex, int rank, GeneratedImage generated,
                      String key, String sha256) {
        Image row = new Image();
        row.jobId = request.jobId();
        row.promptIndex = promptIndex;
        row.rank = rank;
        row.candidateIndex = generated.candidateIndex();
        row.prompt = request.prompts().get(promptIndex);
        row.seed = generated.seed();
        row.clipScore = generated.clipScore();
        row.objectKey = key;
        row.sha256 = sha256;
        row.width = generated.width();
        row.height = generated.height();
        row.modelName = model.name();
        row.modelVersion = model.version();
        return row;
    }

    private int done(String jobId) {
        return Math.toIntExact(images.count(jobId));
    }

    private String cancelReason(String jobId) {
        return ledger.find(jobId).map(row -> row.cancelReason()).orElse(null);
    }
}
