package io.clipvq.trainer.optim;

/**
 * Decides whether a step's gradients are fit to update the weights. Two kinds of step are refused:
 * <ul>
 *   <li>non-finite gradients for a finite loss: the CPU backward pass here returns them now and then (about one
 *       diffusion step in 600, never at the same step twice, cause not found);</li>
 *   <li>a norm more than {@value #OUTLIER_FACTOR} times the running mean of the accepted norms: mostly batches whose
 *       importance-sampled timesteps include a rarely drawn t (the loss divides by p_t, so one sample can weigh
 *       a hundred), which recur at the same step in runs with the same seed, and now and then a ~1e19 norm that
 *       does not.</li>
 * </ul>
 * One such step entered Adam's moments at full size and sent the loss back to where it started; refusing about
 * one step in 300 costs nothing visible. Too many refusals mean a broken run, not rare outliers, and stop it.
 */
public final class GradientGuard {
    /**
     * How far above the running mean a norm may lie. In the Shapes runs 99% of the steps stay below 7.5 times it and
     * about one in 400 lies above 20 times (the heavy tail of the importance weights, and the corrupt steps).
     */
    public static final double OUTLIER_FACTOR = 20;
    /** Weight of a new accepted norm in the running mean. */
    private static final double MEAN_WEIGHT = 0.05;
    private static final long ALLOWED_REFUSALS = 20;
    private static final double ALLOWED_REFUSAL_SHARE = 0.01;

    private double meanNorm;
    private long refused;

    public GradientGuard() {
        this(Double.NaN, 0);
    }

    /** A guard restored from a checkpoint: {@code meanNorm} NaN when no step was accepted yet. */
    public GradientGuard(double meanNorm, long refused) {
        this.meanNorm = meanNorm;
        this.refused = refused;
    }

    /**
     * Whether the gradient of step {@code step} (0-based) may be used; an accepted norm updates the running mean.
     *
     * @throws IllegalStateException once more than 20 steps plus 1% of the steps so far were refused
     */
    public boolean accept(double norm, long step) {
        boolean outlier = !Double.isFinite(norm) || (!Double.isNaN(meanNorm) && norm > OUTLIER_FACTOR * meanNorm);
        if (!outlier) {
            meanNorm = Double.isNaN(meanNorm) ? norm : (1 - MEAN_WEIGHT) * meanNorm + MEAN_WEIGHT * norm;
            return true;
        }
        refused++;
        if (refused > ALLOWED_REFUSALS + ALLOWED_REFUSAL_SHARE * (step + 1)) {
            throw new IllegalStateException(refused + " of " + (step + 1) + " steps had non-finite or outlying gradients"
                    + " (the last at step " + (step + 1) + ", norm " + norm + ", running mean " + meanNorm + ")");
        }
        return false;
    }

    public double meanNorm() {
        return meanNorm;
    }

    public long refused() {
        return refused;
    }
}
