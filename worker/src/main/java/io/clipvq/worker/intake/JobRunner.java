package io.clipvq.worker.intake;

import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.Violation;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.events.JobEventPublisher;
import io.clipvq.worker.generation.PromptGenerator;
import io.clipvq.worker.jobs.Image;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.jobs.JobStore;
import io.clipvq.worker.jobs.Registration;
import io.clipvq.worker.metrics.WorkerMetrics;
import io.clipvq.worker.storage.ImageStore;
import io.clipvq.worker.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one valid job request to its end, resuming where an earlier attempt stopped.
 *
 * <p>Exactly-once images under at-least-once delivery: a prompt whose kept images are all recorded is skipped;
 * for the others the prompt is generated again from the same seeds, each missing image is written to its
 * deterministic key (replacing any object a crash left without its row) and then recorded, and the insert
 * ignores a (job, prompt, rank) that is already there. The object is written before its row, so a row always
 * points at an object.
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobStore jobs;
    private final ImageStore images;
    private final PromptGenerator generator;
    private final JobEventPublisher events;
    private final WorkerMetrics metrics;
    private final String workerId;

    JobRunner(JobStore jobs, ImageStore images, PromptGenerator generator, JobEventPublisher events,
              WorkerMetrics metrics, WorkerConfig config) {
        this.jobs = jobs;
        this.images = images;
        this.generator = generator;
        this.events = events;
        this.metrics = metrics;
        this.workerId = config.worker().id();
    }

    public String workerId() {
        return workerId;
    }

    /** @throws InvalidJobMessageException when the request cannot run here (unknown model, reused job id) */
    public void run(JobRequest request) {
        if (!request.model().matches(generator.modelName(), generator.modelVersion())) {
            throw new InvalidJobMessageException(List.of(new Violation("model", request.model().toString(),
                    "unknown model: this worker serves " + generator.modelName() + ":" + generator.modelVersion())),
                    request.jobId());
        }
        String jobId = request.jobId();
        int total = request.imagesExpected();
        Registration registration = jobs.register(request, JobJson.toJson(request), workerId);
        switch (registration) {
            case CONFLICT -> throw new JobIdConflictException(jobId);
            case ALREADY_COMPLETED -> {
                LOG.infof("job %s was already completed; not generating again", jobId);
                events.publish(JobEvent.completed(jobId, workerId, jobs.countImages(jobId), total));
                return;
            }
            case ALREADY_CANCELLED -> {
                int done = jobs.finish(jobId, JobStatus.CANCELLED);
                events.publish(JobEvent.cancelled(jobId, workerId, done, total, jobs.cancelReason(jobId)));
                return;
            }
            case RUN -> generate(request);
        }
    }

    private void generate(JobRequest request) {
        String jobId = request.jobId();
        int total = request.imagesExpected();
        Set<Integer> donePrompts = new HashSet<>(jobs.completedPrompts(jobId, request.keepPerPrompt()));
        int done = jobs.countImages(jobId);
        events.publish(JobEvent.accepted(jobId, workerId, done, total));
        events.publish(JobEvent.started(jobId, workerId, done, total));
        LOG.infof("job %s: %d prompts, %d of %d images already written", jobId, request.prompts().size(), done, total);
        metrics.jobStarted();
        try {
            for (int p = 0; p < request.prompts().size(); p++) {
                if (donePrompts.contains(p)) {
                    continue;
                }
                if (jobs.isCancelRequested(jobId)) {
                    done = jobs.finish(jobId, JobStatus.CANCELLED);
                    metrics.jobEnded("cancelled");
                    LOG.infof("job %s cancelled after %d of %d images", jobId, done, total);
                    events.publish(JobEvent.cancelled(jobId, workerId, done, total, jobs.cancelReason(jobId)));
                    return;
                }
                writePrompt(request, p, total);
                events.publish(JobEvent.progress(jobId, workerId, jobs.countImages(jobId), total));
            }
            done = jobs.finish(jobId, JobStatus.COMPLETED);
            metrics.jobEnded("completed");
            LOG.infof("job %s completed: %d images", jobId, done);
            events.publish(JobEvent.completed(jobId, workerId, done, total));
        } finally {
            metrics.jobLeft();
        }
    }

    private void writePrompt(JobRequest request, int promptIndex, int total) {
        String jobId = request.jobId();
        Set<Integer> recordedRanks = new HashSet<>();
        for (Image image : jobs.imagesOfPrompt(jobId, promptIndex)) {
            recordedRanks.add(image.rank);
        }
        List<GeneratedImage> kept = generator.generate(request, promptIndex);
        for (int rank = 0; rank < kept.size(); rank++) {
            if (recordedRanks.contains(rank)) {
                continue;
            }
            GeneratedImage generated = kept.get(rank);
            String key = ObjectKeys.image(request.outputPrefix(), jobId, promptIndex, rank);
            String sha256 = generated.sha256();
            images.putPng(key, generated.png(), metadata(request, promptIndex, rank, generated, sha256));
            Image row = new Image();
            row.jobId = jobId;
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
            row.modelName = generator.modelName();
            row.modelVersion = generator.modelVersion();
            if (jobs.recordImage(row)) {
                metrics.imageWritten();
                events.publish(JobEvent.imageWritten(jobId, workerId, promptIndex, rank, generated.candidateIndex(),
                        generated.seed(), generated.clipScore(), key, sha256, jobs.countImages(jobId), total));
            }
        }
    }

    private Map<String, String> metadata(JobRequest request, int promptIndex, int rank, GeneratedImage image,
                                         String sha256) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("job-id", request.jobId());
        metadata.put("prompt-index", Integer.toString(promptIndex));
        metadata.put("rank", Integer.toString(rank));
        metadata.put("candidate-index", Integer.toString(image.candidateIndex()));
        metadata.put("seed", Long.toString(image.seed()));
        metadata.put("clip-score", Double.toString(image.clipScore()));
        metadata.put("sha256", sha256);
        metadata.put("model", generator.modelName() + ":" + generator.modelVersion());
        return metadata;
    }

}
