package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkJson;
import io.clipvq.contracts.bulk.BulkProgress;
import io.clipvq.contracts.bulk.BulkRequest;
import io.clipvq.contracts.bulk.BulkValidator;
import io.clipvq.contracts.bulk.PromptReader;
import io.clipvq.contracts.bulk.ShardPlan;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobEvent;
import io.clipvq.contracts.job.Violation;
import io.clipvq.worker.generation.Engines;
import io.clipvq.worker.generation.ModelPin;
import io.clipvq.worker.generation.ServableModel;
import io.clipvq.worker.intake.JobIdConflictException;
import io.clipvq.worker.intake.JobRunFailedException;
import io.clipvq.worker.jobs.JobKind;
import io.clipvq.worker.jobs.JobLedger;
import io.clipvq.worker.jobs.JobRow;
import io.clipvq.worker.jobs.JobSettings;
import io.clipvq.worker.jobs.Reasons;
import io.clipvq.worker.jobs.Registration;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Plans a bulk request: registers the job, stores its prompts once, writes its shard rows and publishes the shard
 * messages. Idempotent: a redelivered request finds the prompts and shard rows in place and publishes only the
 * shards not yet confirmed; a request for a finished job only repeats its final event.
 */
@ApplicationScoped
public class BulkPlanService {
    private static final Logger LOG = Logger.getLogger(BulkPlanService.class);

    private final JobLedger ledger;
    private final PlanStore store;
    private final BulkObjects objects;
    private final Engines engines;
    private final BulkEvents events;
    private final ShardRunner runner;
    private final ShardPlanner planner;

    public BulkPlanService(JobLedger ledger, PlanStore store, BulkObjects objects, Engines engines, BulkEvents events,
                           ShardRunner runner, ShardPublisher publisher,
                           @ConfigProperty(name = "clipvq-bulk.publish-page", defaultValue = "500") int publishPage) {
        this.ledger = ledger;
        this.store = store;
        this.objects = objects;
        this.engines = engines;
        this.events = events;
        this.runner = runner;
        this.planner = new ShardPlanner(store, publisher, publishPage);
    }

    public String workerId() {
        return runner.workerId();
    }

    /** @throws InvalidJobMessageException when the request cannot run here (unknown model, bad prompt file, size) */
    public void plan(BulkRequest request) {
        String canonical = BulkJson.toJson(request);
        ledger.recordArrival(request.jobId(), JobKind.BULK, canonical, JobSettings.of(request),
                () -> events.job(JobEvent.accepted(request.jobId(), workerId(), 0, request.hasInlinePrompts()
                        ? Math.toIntExact(request.totalImages(request.prompts().size())) : null)));
        ServableModel model = ModelPin.choose(request.model(),
                ledger.find(request.jobId()).map(JobRow::model).orElse(null), engines::resolve)
                .orElseThrow(() -> new InvalidJobMessageException(List.of(new Violation("model",
                        request.model().toString(), "unknown model: this worker serves " + ModelPin.list(engines))),
                        request.jobId()));
        try (PlanStore.PlanningLock lock = store.lockPlanning(request.jobId())) {
            planLocked(request, canonical, model);
        }
    }

    private void planLocked(BulkRequest request, String canonical, ServableModel model) {
        String jobId = request.jobId();
        Registration registration = ledger.register(jobId, JobKind.BULK, canonical,
                JobSettings.of(request).withModel(model.name(), model.version()), workerId());
        switch (registration) {
            case CONFLICT -> throw new JobIdConflictException(jobId);
            case ALREADY_COMPLETED, ALREADY_CANCELLED -> {
                Optional<BulkProgress> progress = store.progress(jobId);
                int done = progress.map(p -> Math.toIntExact(p.imagesDone())).orElse(0);
                int total = progress.map(p -> Math.toIntExact(p.imagesTotal())).orElse(0);
                LOG.infof("bulk job %s has ended already (%s); not planning again", jobId, registration);
                events.job(registration == Registration.ALREADY_COMPLETED
                        ? JobEvent.completed(jobId, workerId(), done, total)
                        : JobEvent.cancelled(jobId, workerId(), done, total,
                                progress.map(BulkProgress::cancelReason).orElse(null)));
                return;
            }
            case RUN, RETRY -> {
                try {
                    planRegistered(request, registration);
                } catch (RuntimeException e) {
                    // the job is registered as running under this planner: its failure is recorded here
                    String reason = Reasons.of(e);
                    if (ledger.failRunning(jobId, reason)) {
                        events.job(JobEvent.failed(jobId, workerId(), null, null, reason));
                    }
                    throw new JobRunFailedException(jobId, reason, e);
                }
            }
        }
    }

    private void planRegistered(BulkRequest request, Registration registration) {
        String jobId = request.jobId();
        if (registration == Registration.RETRY) {
            store.reopenUnfinishedShards(jobId);
        }
        long promptCount = storePromptsOnce(request);
        if (promptCount == 0) {
            throw new InvalidJobMessageException(List.of(new Violation("promptsObject",
                    "\"" + request.promptsObject() + "\"", "holds no prompt")), jobId);
        }
        BulkValidator.sizeProblem(request, promptCount).ifPresent(v -> {
            throw new InvalidJobMessageException(List.of(v), jobId);
        });
        ShardPlan plan = new ShardPlan(request.totalImages(promptCount), request.shardSize());
        int total = Math.toIntExact(plan.totalImages());
        long sent = planner.plan(jobId, plan);
        LOG.infof("bulk job %s: %d prompts x %d = %d images in %d shards of %d; %d shard messages sent", jobId,
                promptCount, request.imagesPerPrompt(), plan.totalImages(), plan.shardCount(), request.shardSize(),
                sent);
        events.job(JobEvent.started(jobId, workerId(), 0, total));
        events.progress(jobId, workerId());
        // a job whose shards had all ended before this delivery (a retry with nothing left to do) ends here
        runner.finishIfLast(request);
    }

    /**
     * Stores the job's prompts once. When a previous planning attempt stored them (the ledger knows the prompt
     * count), they are not read again, so a redelivered request always plans against the same prompt list.
     */
    private long storePromptsOnce(BulkRequest request) {
        String jobId = request.jobId();
        var known = ledger.promptCount(jobId);
        if (known.isPresent()) {
            return known.getAsInt();
        }
        int count = store.storePrompts(jobId, () -> request.hasInlinePrompts()
                ? PromptReader.of(request.prompts())
                : PromptReader.of(request.promptsObject(), objects.open(request.promptsObject())));
        long total = (long) count * request.imagesPerPrompt();
        ledger.recordSize(jobId, count, total <= Integer.MAX_VALUE ? (int) total : null);
        return count;
    }
}
