package io.clipvq.trainer.clip;

import io.clipvq.trainer.optim.RateSchedule;

/**
 * Settings of contrastive CLIP training.
 *
 * @param batchSize    pairs per step (the negatives of each pair are the other pairs of its batch)
 * @param learningRate Adam's peak step size
 * @param seed         initial weights and batch order
 * @param warmupSteps  steps over which the step size rises linearly to {@code learningRate} (0: none)
 * @param decaySteps   the step at which a cosine decay after the warmup reaches 0; 0 keeps the rate constant
 *                     after the warmup
 */
public record ClipTrainingConfig(int batchSize, double learningRate, long seed, long warmupSteps, long decaySteps) {
    public ClipTrainingConfig {
        if (batchSize < 2) {
            throw new IllegalArgumentException("batchSize must be at least 2 (a contrastive batch needs negatives), got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be 0 or more, got " + warmupSteps);
        }
        if (decaySteps != 0 && decaySteps <= warmupSteps) {
            throw new IllegalArgumentException("decaySteps must be 0 (no decay) or more than warmupSteps " + warmupSteps
                    + ", got " + decaySteps);
        }
    }

    /** A constant step size, no warmup. */
    public ClipTrainingConfig(int batchSize, double learningRate, long seed) {
        this(batchSize, learningRate, seed, 0, 0);
    }

    /** The share of {@code learningRate} that the update of step {@code step} (0-based) takes. */
    public double rateFactor(long step) {
        return RateSchedule.warmupThenCosine(warmupSteps, decaySteps).factor(step);
    }
}
