package io.clipvq.engine.sampler;

import io.clipvq.engine.schedule.DiffusionSchedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sampling loop of docs/method.md#sampling: all [MASK] at t = T; for each planned step t -> s: the network's
 * log p~(x_0 | x_t) for all candidates (conditional and null rows in one call), then guidance, truncation,
 * the exact skip posterior and a Gumbel-max draw per position from each candidate's own stream.
 *
 * <p>Buffers (codes, network output) are allocated once per batch shape and reused by later runs of that shape.
 * With {@code parallelism > 1} the candidates are split over that many threads between network calls (the
 * network's own threads are idle then); each candidate draws only from its own stream, so the codes do not depend
 * on the parallelism. Not thread-safe: one run at a time.
 */
public final class MaskedDiffusionSampler implements AutoCloseable {

    /** The network, evaluated once per step for the whole batch. */
    public interface Denoiser {
        /**
         * Evaluates log p~(x_0 | x_t) at timestep {@code t}.
         *
         * @param codes     x_t, [candidates, N]
         * @param guided    when true, rows [candidates, 2 * candidates) of the output are the null-condition rows
         * @param logProbs  output, [rows, K, N] with rows = candidates (or 2 * candidates when guided)
         * @return nanoseconds spent inside the network runtime (for the bench's split)
         */
        long predict(long[] codes, int candidates, int t, boolean guided, float[] logProbs) throws Exception;
    }

    private final DiffusionSchedule schedule;
    private final int numPositions;
    private final DenoisingStep[] steps;
    private final ExecutorService pool;
    private long[] codes = new long[0];
    private float[] logProbs = new float[0];

    public MaskedDiffusionSampler(DiffusionSchedule schedule, int numPositions) {
        this(schedule, numPositions, 1);
    }

    public MaskedDiffusionSampler(DiffusionSchedule schedule, int numPositions, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.schedule = schedule;
        this.numPositions = numPositions;
        this.steps = new DenoisingStep[parallelism];
        for (int i = 0; i < parallelism; i++) {
            steps[i] = new DenoisingStep(schedule.numCodes());
        }
        this.pool = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism - 1, runnable -> {
            Thread thread = new Thread(runnable, "clipvq-sampler");
            thread.setDaemon(true);
            return thread;
        });
    }

    public DiffusionSchedule schedule() {
        return schedule;
    }

    /**
     * Samples one code grid per seed.
     *
     * @return codes, [seeds.length, N] (the array is reused by the next run of the same shape: copy to keep)
     */
    public Result sample(long[] candidateSeeds, SamplingParameters params, Denoiser denoiser) {
        int candidates = candidateSeeds.length;
        if (candidates == 0) {
            throw new IllegalArgumentException("at least one candidate seed is needed");
        }
        boolean guided = params.guided();
        int rows = guided ? 2 * candidates : candidates;
        int k = schedule.numCodes();
        if (codes.length != candidates * numPositions) {
            codes = new long[candidates * numPositions];
        }
        if (logProbs.length != rows * k * numPositions) {
            logProbs = new float[rows * k * numPositions];
        }
        Arrays.fill(codes, schedule.maskToken());
        SplitMix64[] streams = new SplitMix64[candidates];
        for (int c = 0; c < candidates; c++) {
            streams[c] = new SplitMix64(candidateSeeds[c]);
        }
        int[] timesteps = SamplingTimesteps.of(schedule.numSteps(), params.steps());
        StepTask[] tasks = tasks(candidates, guided, params, streams);
        long networkNanos = 0;
        long start = System.nanoTime();
        for (int i = 0; i + 1 < timesteps.length; i++) {
            int t = timesteps[i];
            PosteriorStep posterior = new PosteriorStep(schedule, t, timesteps[i + 1]);
            try {
                networkNanos += denoiser.predict(codes, candidates, t, guided, logProbs);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("denoiser failed at t=" + t + ": " + e.getMessage(), e);
            }
            runTasks(tasks, posterior);
        }
        long total = System.nanoTime() - start;
        for (long code : codes) {
            if (code == schedule.maskToken()) {
                // Impossible: at s = 0 [MASK] has probability e^-70 and cannot win a Gumbel-max draw in double.
                throw new IllegalStateException("a [MASK] token survived the last step");
            }
        }
        return new Result(codes, params.steps(), total, networkNanos);
    }

    /** Contiguous chunks of candidates, one per thread; the caller's thread takes the first. */
    private StepTask[] tasks(int candidates, boolean guided, SamplingParameters params, SplitMix64[] streams) {
        int workers = Math.min(steps.length, candidates);
        StepTask[] tasks = new StepTask[workers];
        for (int w = 0; w < workers; w++) {
            int from = (int) ((long) candidates * w / workers);
            int to = (int) ((long) candidates * (w + 1) / workers);
            tasks[w] = new StepTask(steps[w], from, to, candidates, guided, params, streams);
        }
        return tasks;
    }

    private void runTasks(StepTask[] tasks, PosteriorStep posterior) {
        for (StepTask task : tasks) {
            task.posterior = posterior;
        }
        if (tasks.length == 1) {
            tasks[0].call();
            return;
        }
        List<Future<Void>> futures = new ArrayList<>(tasks.length - 1);
        for (int i = 1; i < tasks.length; i++) {
            futures.add(pool.submit(tasks[i]));
        }
        tasks[0].call();
        for (Future<Void> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sampling interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            }
        }
    }

    private final class StepTask implements Callable<Void> {
        private final DenoisingStep step;
        private final int from;
        private final int to;
        private final int candidates;
        private final boolean guided;
        private final SamplingParameters params;
        private final SplitMix64[] streams;
        private PosteriorStep posterior;

        StepTask(DenoisingStep step, int from, int to, int candidates, boolean guided, SamplingParameters params,
                 SplitMix64[] streams) {
            this.step = step;
            this.from = from;
            this.to = to;
            this.candidates = candidates;
            this.guided = guided;
            this.params = params;
            this.streams = streams;
        }

        @Override
        public Void call() {
            for (int c = from; c < to; c++) {
                step.apply(logProbs, c, guided ? candidates + c : -1, numPositions, codes, c, posterior, params,
                        streams[c]);
            }
            return null;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Codes and timing of one run. */
    public record Result(long[] codes, int steps, long totalNanos, long networkNanos) {
        public long otherNanos() {
            return totalNanos - networkNanos;
        }
    }
}
