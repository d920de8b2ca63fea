package io.clipvq.worker.generation;

import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.TextToImageEngine;
import io.clipvq.engine.rerank.KeptImages;
import io.clipvq.worker.config.WorkerConfig;
import io.clipvq.worker.metrics.WorkerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Cross-job batching: the prompts that jobs and shards running at the same time submit for the same model and the
 * same generation settings run together in one engine call (docs/architecture.md, "Cross-job batching").
 *
 * <p>Each caller's submission stays whole and in order inside a batch, and the engine serves rows that share a
 * {@link KeptImages} one after another, so a prompt's images are the same bytes whatever it is batched with (the
 * engine's rows are computed independently: docs/method.md#int8-denoiser). Submissions are taken oldest first: a
 * batch starts with the oldest waiting submission of the engine's model and adds the later ones with the same
 * settings, up to {@code batchPrompts} prompts (a single larger submission still runs whole).
 *
 * <p>There is no dispatcher thread: up to {@code runners} callers at a time (the worker's engine count) become
 * runners, each taking a batch and running it on an engine; the other callers wait on this batcher, not on an
 * engine, so a caller whose submission a runner took gets its result the moment the call ends. A failed batch of
 * several submissions runs each of them alone, so a failure is reported only to the submission that causes it.
 */
@ApplicationScoped
public class PromptBatcher {
    private static final Logger LOG = Logger.getLogger(PromptBatcher.class);

    private final Engines engines;
    private final WorkerMetrics metrics;
    private final int batchPrompts;
    private final int maxRunners;
    private final LinkedList<Submission> waiting = new LinkedList<>();
    private int runners;

    @Inject
    PromptBatcher(Engines engines, WorkerMetrics metrics, WorkerConfig config) {
        this(engines, metrics, config.generation().batchPrompts(), config.generation().engines());
    }

    /**
     * @param batchPrompts the most prompts one engine call takes from several submissions, at least 1
     * @param runners      how many callers at a time run batches (the engines lent at once), at least 1
     */
    public PromptBatcher(Engines engines, WorkerMetrics metrics, int batchPrompts, int runners) {
        if (batchPrompts < 1) {
            throw new IllegalStateException("clipvq.generation.batch-prompts (CLIPVQ_BATCH_PROMPTS) must be at least 1,"
                    + " got " + batchPrompts);
        }
        if (runners < 1) {
            throw new IllegalStateException("runners must be at least 1, got " + runners);
        }
        this.engines = engines;
        this.metrics = metrics;
        this.batchPrompts = batchPrompts;
        this.maxRunners = runners;
    }

    /**
     * Generates {@code prompts} (one row per prompt, with its seed and, when not null, the kept images it must not
     * repeat) on an engine of {@code model}, possibly in one call with other callers' prompts.
     *
     * @return per prompt, its kept images, as {@link TextToImageEngine#generate} returns them
     */
    public List<List<GeneratedImage>> generate(ServableModel model, GenerationSettings settings, List<String> prompts,
                                               long[] seeds, List<KeptImages> kept) {
        Submission mine = new Submission(model, settings, List.copyOf(prompts), seeds.clone(), kept);
        synchronized (this) {
            waiting.addLast(mine);
        }
        while (becomeRunnerOrWaitFor(mine)) {
            try {
                engines.withEngine(model, engine -> {
                    List<Submission> batch = take(model);
                    if (!batch.isEmpty()) {
                        run(engine, batch);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                // no engine (the model is gone, or an engine failed to open): if no one has taken the submission,
                // it fails here; otherwise its taker completes it
                if (withdraw(mine)) {
                    throw e;
                }
            } finally {
                leaveRunners();
            }
        }
        try {
            return mine.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** How many submissions wait for an engine call now. */
    public synchronized int waitingSubmissions() {
        return waiting.size();
    }

    /**
     * Waits until {@code mine} is done (false) or is still waiting while a runner's place is free (true: the caller
     * is now a runner and must call {@link #leaveRunners()}).
     */
    private synchronized boolean becomeRunnerOrWaitFor(Submission mine) {
        while (!mine.result.isDone()) {
            if (waiting.contains(mine) && runners < maxRunners) {
                runners++;
                return true;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
        }
        return false;
    }

    private synchronized void leaveRunners() {
        runners--;
        notifyAll();
    }

    private synchronized void resultsReady() {
        notifyAll();
    }

    private synchronized boolean withdraw(Submission submission) {
        return waiting.remove(submission);
    }

    /** The oldest waiting submission of the model and the later ones with its settings, within the prompt limit. */
    private synchronized List<Submission> take(ServableModel model) {
        List<Submission> batch = new ArrayList<>();
        int prompts = 0;
        GenerationSettings settings = null;
        for (Iterator<Submission> it = waiting.iterator(); it.hasNext(); ) {
            Submission next = it.next();
            if (!next.model.id().equals(model.id())) {
                continue;
            }
            if (settings == null) {
                settings = next.settings;
            } else if (!settings.equals(next.settings) || prompts + next.prompts.size() > batchPrompts) {
                continue;
            }
            batch.add(next);
            prompts += next.prompts.size();
            it.remove();
        }
        return batch;
    }

    private void run(TextToImageEngine engine, List<Submission> batch) {
        List<String> prompts = new ArrayList<>();
        List<KeptImages> kept = new ArrayList<>();
        long[] seeds = new long[batch.stream().mapToInt(s -> s.prompts.size()).sum()];
        int row = 0;
        for (Submission submission : batch) {
            prompts.addAll(submission.prompts);
            for (int i = 0; i < submission.prompts.size(); i++) {
                kept.add(submission.kept != null ? submission.kept.get(i) : new KeptImages());
                seeds[row++] = submission.seeds[i];
            }
        }
        GenerationSettings settings = batch.get(0).settings;
        try {
            LOG.debugf("engine call of %s: %d prompts from %d submissions", engine.modelName(), prompts.size(),
                    batch.size());
            List<List<GeneratedImage>> all = metrics.timeEngineCall(prompts.size(), () ->
                    engine.generate(prompts, seeds, settings, kept));
            int from = 0;
            for (Submission submission : batch) {
                submission.result.complete(all.subList(from, from + submission.prompts.size()));
                from += submission.prompts.size();
            }
            resultsReady();
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result.completeExceptionally(e);
                resultsReady();
                return;
            }
            LOG.warnf("a batch of %d submissions failed (%s); running each alone", batch.size(), e.getMessage());
            for (Submission submission : batch) {
                run(engine, List.of(submission));
            }
        }
    }

    /** One caller's rows: they stay together, in order, in one batch. */
    private static final class Submission {
        final ServableModel model;
        final GenerationSettings settings;
        final List<String> prompts;
        final long[] seeds;
        final List<KeptImages> kept;
        final CompletableFuture<List<List<GeneratedImage>>> result = new CompletableFuture<>();

        Submission(ServableModel model, GenerationSettings settings, List<String> prompts, long[] seeds,
                   List<KeptImages> kept) {
            if (seeds.length != prompts.size() || (kept != null && kept.size() != prompts.size())) {
                throw new IllegalArgumentException("one seed and one kept set per prompt: " + prompts.size()
                        + " prompts, " + seeds.length + " seeds");
            }
            this.model = Objects.requireNonNull(model);
            this.settings = Objects.requireNonNull(settings);
            this.prompts = prompts;
            this.seeds = seeds;
            this.kept = kept;
        }
    }
}
