package io.clipvq.trainer.optim;

/**
 * Watches the global gradient norm of every training step; it never changes what a step does. It counts the
 * outlying steps (a norm more than {@value #OUTLIER_FACTOR} times the running mean of the ordinary ones), which
 * the progress line and the soak bench report, and it stops the run at a non-finite norm or loss: such an update
 * would wreck the weights, and skipping it would hide a bug (docs/training-memory.md tells the one that used to
 * cause them). Outlying but finite steps are real (mostly batches that draw a rarely sampled timestep, whose
 * importance weight 1 / p_t is large) and are bounded by gradient clipping, not dropped.
 */
public final class GradientTripwire {
    /** How far above the running mean a norm may lie before the step counts as an outlier. */
    public static final double OUTLIER_FACTOR = 20;
    /** Weight of a new ordinary norm in the running mean. */
    private static final double MEAN_WEIGHT = 0.05;

    private double meanNorm;
    private long outliers;

    public GradientTripwire() {
        this(Double.NaN, 0);
    }

    /** A tripwire restored from a checkpoint: {@code meanNorm} NaN when no step was seen yet. */
    public GradientTripwire(double meanNorm, long outliers) {
        this.meanNorm = meanNorm;
        this.outliers = outliers;
    }

    /**
     * Records step {@code step} (0-based) of a run.
     *
     * @param loss the step's loss
     * @param norm the global gradient norm, before any clipping
     * @return whether the norm was an outlier (ordinary norms update the running mean, outliers do not)
     * @throws IllegalStateException when the loss or the norm is NaN or infinite
     */
    public boolean record(double loss, double norm, long step) {
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            throw new IllegalStateException("step " + (step + 1) + " has loss " + loss + " and gradient norm " + norm
                    + ": a training step must never produce a non-finite value, so the run stops here instead of"
                    + " applying or skipping it");
        }
        boolean outlier = !Double.isNaN(meanNorm) && norm > OUTLIER_FACTOR * meanNorm;
        if (outlier) {
            outliers++;
        } else {
            meanNorm = Double.isNaN(meanNorm) ? norm : (1 - MEAN_WEIGHT) * meanNorm + MEAN_WEIGHT * norm;
        }
        return outlier;
    }

    public double meanNorm() {
        return meanNorm;
    }

    /** Steps so far whose norm lay more than {@value #OUTLIER_FACTOR} times above the running mean. */
    public long outliers() {
        return outliers;
    }

    /** The state a checkpoint keeps: {mean norm, outliers}. */
    public double[] state() {
        return new double[] {meanNorm, outliers};
    }

    /** The tripwire a checkpoint's {@link #state()} describes. */
    public static GradientTripwire fromState(double[] state) {
        if (state.length != 2) {
            throw new IllegalArgumentException("a gradient tripwire's state has 2 numbers, got " + state.length);
        }
        return new GradientTripwire(state[0], (long) state[1]);
    }
}
