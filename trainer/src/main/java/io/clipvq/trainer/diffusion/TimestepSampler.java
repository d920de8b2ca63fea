package io.clipvq.trainer.diffusion;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Importance sampling of the timestep (VQ-Diffusion): uniform until every t has been seen
 * {@value #WARMUP_COUNT} times, then p_t proportional to sqrt(EMA of L_t^2) (EMA weight 0.1 on the new value).
 * Its state is part of a checkpoint so that a resumed run draws the same timesteps.
 */
public final class TimestepSampler {
    public static final int WARMUP_COUNT = 10;
    private static final double EMA_WEIGHT = 0.1;

    private final int steps;
    private final double[] meanSquare;
    private final long[] seen;

    public TimestepSampler(int steps) {
        this(steps, new double[steps], new long[steps]);
    }

    public TimestepSampler(int steps, double[] meanSquare, long[] seen) {
        if (meanSquare.length != steps || seen.length != steps) {
            throw new IllegalArgumentException("sampler state has " + meanSquare.length + "/" + seen.length
                    + " entries, expected T = " + steps);
        }
        this.steps = steps;
        this.meanSquare = meanSquare.clone();
        this.seen = seen.clone();
    }

    /** Timesteps 1..T and their probabilities p_t. */
    public record Draw(int[] t, double[] pt) {
    }

    public Draw sample(SplittableRandom random, int batch) {
        int[] t = new int[batch];
        double[] pt = new double[batch];
        double[] p = probabilities();
        double[] cumulative = new double[steps];
        double acc = 0;
        for (int i = 0; i < steps; i++) {
            acc += p[i];
            cumulative[i] = acc;
        }
        for (int b = 0; b < batch; b++) {
            double u = random.nextDouble() * acc;
            int index = Arrays.binarySearch(cumulative, u);
            index = index >= 0 ? Math.min(index + 1, steps - 1) : Math.min(-index - 1, steps - 1);
            t[b] = index + 1;
            pt[b] = p[index];
        }
        return new Draw(t, pt);
    }

    /** p_t over t = 1..T (index t - 1). */
    public double[] probabilities() {
        double[] p = new double[steps];
        if (!warmedUp()) {
            Arrays.fill(p, 1.0 / steps);
            return p;
        }
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            p[i] = Math.sqrt(meanSquare[i] + 1e-10) + 1e-4;
            sum += p[i];
        }
        for (int i = 0; i < steps; i++) {
            p[i] /= sum;
        }
        return p;
    }

    public boolean warmedUp() {
        return Arrays.stream(seen).allMatch(c -> c >= WARMUP_COUNT);
    }

    /** Records the VLB term L_t of each sample. */
    public void update(int[] t, float[] vlb) {
        for (int b = 0; b < t.length; b++) {
            int i = t[b] - 1;
            double square = (double) vlb[b] * vlb[b];
            meanSquare[i] = seen[i] == 0 ? square : (1 - EMA_WEIGHT) * meanSquare[i] + EMA_WEIGHT * square;
            seen[i]++;
        }
    }

    public double[] meanSquare() {
        return meanSquare.clone();
    }

    public long[] seen() {
        return seen.clone();
    }
}
