package io.clipvq.engine.sampler;

import io.clipvq.engine.schedule.DiffusionSchedule;

import java.util.Arrays;

/**
 * The sampling loop of method.md: all [MASK] at t = T; for each planned step t -> s: the network's
 * log p~(x_0 | x_t) for all candidates (conditional and null rows in one call), then guidance, truncation,
 * the exact skip posterior and a Gumbel-max draw per position from each candidate's own stream.
 *
 * <p>Buffers (codes, network output) are allocated once per batch shape and reused by later runs of that shape.
 */
public final class MaskedDiffusionSampler {

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
    private final DenoisingStep step;
    private long[] codes = new long[0];
    private float[] logProbs = new float[0];

    public MaskedDiffusionSampler(DiffusionSchedule schedule, int numPositions) {
        this.schedule = schedule;
        this.numPositions = numPositions;
        this.step = new DenoisingStep(schedule.numCodes());
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
            for (int c = 0; c < candidates; c++) {
                step.apply(logProbs, c, guided ? candidates + c : -1, numPositions, codes, c, posterior, params,
                        streams[c]);
            }
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

    /** Codes and timing of one run. */
    public record Result(long[] codes, int steps, long totalNanos, long networkNanos) {
        public long otherNanos() {
            return totalNanos - networkNanos;
        }
    }
}
