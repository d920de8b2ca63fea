package io.clipvq.trainer.vqgan;

/**
 * Settings of VQ-GAN training (taming-transformers defaults where docs/method.md#vq-gan-architecture-and-defaults
 * names them).
 *
 * @param batchSize             images per step
 * @param learningRate          Adam learning rate of generator and discriminator, betas (0.5, 0.9)
 * @param temperatureSteps      N of the Gumbel temperature cosine 0.9 -> 0.01
 * @param klWeight              weight of the KL term to the uniform code prior (5e-5)
 * @param perceptualWeight      weight of the perceptual substitute ({@link GradientPyramidLoss})
 * @param discriminatorStart    first step with the GAN loss (paper: 25,000)
 * @param discriminatorWeight   multiplies the adaptive weight (taming configs: 0.8)
 * @param discriminatorChannels ndf (64)
 * @param discriminatorLayers   strided layers of the PatchGAN (3)
 * @param seed                  the one seed of the run
 */
public record VqGanConfig(int batchSize, double learningRate, long temperatureSteps, double klWeight,
                          double perceptualWeight, long discriminatorStart, double discriminatorWeight,
                          int discriminatorChannels, int discriminatorLayers, long seed) {

    public VqGanConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        if (discriminatorStart < 0) {
            throw new IllegalArgumentException("discriminatorStart must be >= 0, got " + discriminatorStart);
        }
    }

    public static VqGanConfig defaults(long seed) {
        return new VqGanConfig(8, 2e-4, 20_000, 5e-5, 1.0, 25_000, 0.8, 64, 3, seed);
    }

    public VqGanConfig withBatchSize(int value) {
        return new VqGanConfig(value, learningRate, temperatureSteps, klWeight, perceptualWeight, discriminatorStart,
                discriminatorWeight, discriminatorChannels, discriminatorLayers, seed);
    }

    public VqGanConfig withLearningRate(double value) {
        return new VqGanConfig(batchSize, value, temperatureSteps, klWeight, perceptualWeight, discriminatorStart,
                discriminatorWeight, discriminatorChannels, discriminatorLayers, seed);
    }

    public VqGanConfig withTemperatureSteps(long value) {
        return new VqGanConfig(batchSize, learningRate, value, klWeight, perceptualWeight, discriminatorStart,
                discriminatorWeight, discriminatorChannels, discriminatorLayers, seed);
    }

    public VqGanConfig withDiscriminator(long start, int channels, int layers) {
        return new VqGanConfig(batchSize, learningRate, temperatureSteps, klWeight, perceptualWeight, start,
                discriminatorWeight, channels, layers, seed);
    }
}
