package io.clipvq.trainer.optim;

/**
 * The share of the peak learning rate that the update of each step takes: a linear warmup over the first
 * {@code warmupSteps}, the full rate until {@code decayStart}, then a half-cosine down to 0 at {@code decayEnd}
 * (0 after it). One schedule for every trainer, so CLIP and the diffusion decoder decay the same way.
 *
 * @param warmupSteps steps over which the rate rises linearly to the peak (0: none)
 * @param decayStart  the step (0-based) at which the cosine decay starts; at least {@code warmupSteps}
 * @param decayEnd    the step at which the rate reaches 0; 0 keeps the rate constant after the warmup
 */
public record RateSchedule(long warmupSteps, long decayStart, long decayEnd) {
    public RateSchedule {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be 0 or more, got " + warmupSteps);
        }
        if (decayEnd != 0 && (decayStart < warmupSteps || decayEnd <= decayStart)) {
            throw new IllegalArgumentException("a decay must start after the warmup (" + warmupSteps + " steps) and end after"
                    + " it starts; got start " + decayStart + ", end " + decayEnd);
        }
    }

    /** The full rate at every step. */
    public static RateSchedule constant() {
        return new RateSchedule(0, 0, 0);
    }

    /** A warmup (0: none), then a cosine decay that ends at {@code decayEnd} (0: the full rate after the warmup). */
    public static RateSchedule warmupThenCosine(long warmupSteps, long decayEnd) {
        return new RateSchedule(warmupSteps, warmupSteps, decayEnd);
    }

    /**
     * The full rate, then a cosine decay over the last {@code decayFraction} of {@code totalSteps}; the decay is
     * set by the run's length, so a run resumed with the same length decays exactly as one run straight through.
     */
    public static RateSchedule decayOverLast(double decayFraction, long totalSteps) {
        if (!(decayFraction >= 0 && decayFraction <= 1)) {
            throw new IllegalArgumentException("the decay fraction must lie in [0, 1], got " + decayFraction);
        }
        long decaySteps = Math.round(decayFraction * totalSteps);
        return decaySteps == 0 ? constant() : new RateSchedule(0, totalSteps - decaySteps, totalSteps);
    }

    /** The share of the peak rate for the update of step {@code step} (0-based). */
    public double factor(long step) {
        if (step < warmupSteps) {
            return (step + 1) / (double) warmupSteps;
        }
        if (decayEnd == 0 || step < decayStart) {
            return 1;
        }
        double progress = Math.min(1, (step - decayStart) / (double) (decayEnd - decayStart));
        return 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
