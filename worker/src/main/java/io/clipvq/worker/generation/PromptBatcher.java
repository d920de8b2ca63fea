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

import java.time.Duration;
import java.util.ArrayList;
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
 *
 * <p>Gathering: callers that will submit over a while (a running job or shard) {@link #join()} the batcher. A runner
 * whose batch is not full, while some joined caller has nothing waiting or running, waits for it up to
 * {@code gatherWindow}, counted from the oldest waiting submission's arrival: jobs that start together share their
 * first call instead of the first one to arrive running alone. A lone caller never waits, nor does a batch whose
 * oldest submission has already waited the window (the steady state: submissions queue during the previous call).
 */
@ApplicationScoped
public class PromptBatcher {
    private static final Logger LOG = Logger.getLogger(PromptBatcher.class);

    private final Engines engines;
    private final WorkerMetrics metrics;
    private final int batchPrompts;
    private final int maxRunners;
    private final long gatherWindowNanos;
    private final LinkedList<Submission> waiting = new LinkedList<>();
    private int runners;
    /** Open {@link #join()}s. */
    private int joined;
    /** Submissions taken into a batch whose results are not yet complete. */
    private int running;

    @Inject
    PromptBatcher(Engines engines, WorkerMetrics metrics, WorkerConfig config) {
        this(engines, metrics, config.generation().batchPrompts(), config.generation().engines(),
                Duration.ofMillis(config.generation().batchWaitMs()));
    }

    /** A batcher that never waits to gather submissions. */
    public PromptBatcher(Engines engines, WorkerMetrics metrics, int batchPrompts, int runners) {
        this(engines, metrics, batchPrompts, runners, Duration.ZERO);
    }

    /**
     * @param batchPrompts the most prompts one engine call takes from several submissions, at least 1
     * @param runners      how many callers at a time run batches (the engines lent at once), at least 1
     * @param gatherWindow the longest a batch that is not full waits for joined callers' submissions, at least 0
     */
    public PromptBatcher(Engines engines, WorkerMetrics metrics, int batchPrompts, int runners, Duration gatherWindow) {
        if (batchPrompts < 1) {
            throw new IllegalStateException("clipvq.generation.batch-prompts (CLIPVQ_BATCH_PROMPTS) must be at least 1,"
                    + " got " + batchPrompts);
        }
        if (runners < 1) {
            throw new IllegalStateException("runners must be at least 1, got " + runners);
        }
        if (gatherWindow.isNegative()) {
            throw new IllegalStateException("clipvq.generation.batch-wait-ms (CLIPVQ_BATCH_WAIT_MS) must be at least "
                    + "0, got " + gatherWindow.toMillis());
        }
        this.gatherWindowNanos = gatherWindow.toNanos();
        this.engines = engines;
        this.metrics = metrics;
        this.batchPrompts = batchPrompts;
        this.maxRunners = runners;
    }

    /**
     * Counts the caller as one that will submit prompts until it closes the result, so that a batch may wait a little
     * for its next submission (see the class comment). Close it when the caller's job or shard stops generating.
     */
    public Participation join() {
        synchronized (this) {
            joined++;
        }
        return new JoinedCaller();
    }

    /** A caller's {@link #join()}: while open, the caller counts as one that will submit soon. */
    public interface Participation extends AutoCloseable {
        /** Ends the participation; closing it again does nothing. */
        @Override
        void close();
    }

    private final class JoinedCaller implements Participation {
        private boolean open = true;

        @Override
        public void close() {
            synchronized (PromptBatcher.this) {
                if (open) {
                    open = false;
                    joined--;
                    PromptBatcher.this.notifyAll();
                }
            }
        }
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
            notifyAll();
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

    private synchronized void resultsReady(int submissions) {
        running -= submissions;
        notifyAll();
    }

    private synchronized boolean withdraw(Submission submission) {
        return waiting.remove(submission);
    }

    /**
     * The oldest waiting submission of the model and the later ones with its settings, within the prompt limit; when
     * that batch is not full, first waits (up to the gather window from the oldest one's arrival) while a joined
     * caller has nothing waiting or running.
     */
    private synchronized List<Submission> take(ServableModel model) {
        List<Submission> batch = fitting(model);
        while (!batch.isEmpty() && prompts(batch) < batchPrompts && joined > waiting.size() + running) {
            long left = batch.get(0).arrivedNanos + gatherWindowNanos - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            batch = fitting(model);
        }
        waiting.removeAll(batch);
        running += batch.size();
        return batch;
    }

    /** What {@link #take} would run now, leaving the waiting list as it is. */
    private List<Submission> fitting(ServableModel model) {
        List<Submission> batch = new ArrayList<>();
        int prompts = 0;
        GenerationSettings settings = null;
        for (Submission next : waiting) {
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
        }
        return batch;
    }

    private static int prompts(List<Submission> batch) {
        return batch.stream().mapToInt(s -> s.prompts.size()).sum();
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
            resultsReady(batch.size());
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result.completeExceptionally(e);
                resultsReady(1);
                return;
            }
            // each submission is counted as running until its own run below completes it
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
        final long arrivedNanos = System.nanoTime();
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
