package io.clipvq.trainer.optim;

/**
 * Decides whether a step's gradients are fit to update the weights. On this machine the CPU backward pass now and
 * then returns gradients that cannot come from the step's finite loss: infinite or NaN entries, or norms around
 * 1e19 (seen in the last transformer block of the diffusion decoder, once in a few hundred steps, never with the
 * same seed twice). One such step enters Adam's moments at full size and sends the loss back to where it started,
 * so a step is refused when its norm is not finite or more than {@value #OUTLIER_FACTOR} times the running mean
 * of the accepted norms (real norms stay within a few times of it). Too many refusals mean a broken run, not
 * rare corruption, and stop it.
 */
public final class GradientGuard {
    /** How far above the running mean a norm may lie; ordinary steps stay below about 7 times it. */
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
