package io.clipvq.trainer.diffusion;

import io.clipvq.trainer.optim.RateSchedule;

/**
 * Settings of diffusion training; defaults from docs/method.md#language-free-training where it gives them.
 *
 * @param batchSize       samples per step
 * @param learningRate    Adam learning rate
 * @param alpha           pseudo text embedding noise level (0.25)
 * @param nullProbability probability of substituting the learned null condition (0.1)
 * @param emaDecay        EMA decay of the exported weights
 * @param auxWeight       w of the auxiliary term (5e-4)
 * @param seed            the one seed of the run
 * @param rateSchedule    the share of {@code learningRate} each step takes
 * @param maxGradientNorm the global gradient norm is clipped to this before each update (infinity: no clipping)
 */
public record DiffusionConfig(int batchSize, double learningRate, double alpha, double nullProbability, double emaDecay,
                              double auxWeight, long seed, RateSchedule rateSchedule,
                              double maxGradientNorm) {

    public DiffusionConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        if (!(nullProbability >= 0 && nullProbability <= 1)) {
            throw new IllegalArgumentException("nullProbability must lie in [0, 1], got " + nullProbability);
        }
        if (rateSchedule == null) {
            throw new IllegalArgumentException("rateSchedule is required (RateSchedule.constant() for none)");
        }
        if (!(maxGradientNorm > 0)) {
            throw new IllegalArgumentException("maxGradientNorm must be > 0 (infinity for no clipping), got " + maxGradientNorm);
        }
    }

    public static DiffusionConfig defaults(long seed) {
        return new DiffusionConfig(8, 3e-4, PseudoTextCondition.DEFAULT_ALPHA, 0.1, 0.999, DiffusionLoss.DEFAULT_AUX_WEIGHT, seed,
                RateSchedule.constant(), Double.POSITIVE_INFINITY);
    }

    public DiffusionConfig withBatchSize(int value) {
        return new DiffusionConfig(value, learningRate, alpha, nullProbability, emaDecay, auxWeight, seed, rateSchedule, maxGradientNorm);
    }

    public DiffusionConfig withLearningRate(double value) {
        return new DiffusionConfig(batchSize, value, alpha, nullProbability, emaDecay, auxWeight, seed, rateSchedule, maxGradientNorm);
    }

    public DiffusionConfig withRateSchedule(RateSchedule value) {
        return new DiffusionConfig(batchSize, learningRate, alpha, nullProbability, emaDecay, auxWeight, seed, value, maxGradientNorm);
    }

    public DiffusionConfig withEmaDecay(double value) {
        return new DiffusionConfig(batchSize, learningRate, alpha, nullProbability, value, auxWeight, seed, rateSchedule, maxGradientNorm);
    }

    public DiffusionConfig withMaxGradientNorm(double value) {
        return new DiffusionConfig(batchSize, learningRate, alpha, nullProbability, emaDecay, auxWeight, seed, rateSchedule, value);
    }
}
