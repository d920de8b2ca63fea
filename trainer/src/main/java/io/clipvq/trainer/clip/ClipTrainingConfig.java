package io.clipvq.trainer.clip;

/**
 * Settings of contrastive CLIP training.
 *
 * @param batchSize    pairs per step (the negatives of each pair are the other pairs of its batch)
 * @param learningRate Adam's step size (constant)
 * @param seed         initial weights and batch order
 */
public record ClipTrainingConfig(int batchSize, double learningRate, long seed) {
    public ClipTrainingConfig {
        if (batchSize < 2) {
            throw new IllegalArgumentException("batchSize must be at least 2 (a contrastive batch needs negatives), got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
    }
}
