package io.clipvq.trainer.vqgan;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.clipvq.contracts.Seeds;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.modelbuild.graphs.WeightLayout;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.checkpoint.ModelSpecs;
import io.clipvq.trainer.data.ImageDataset;
import io.clipvq.trainer.nn.Initializer;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;
import io.clipvq.trainer.optim.Adam;
import io.clipvq.trainer.optim.GradientTripwire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training of the Gumbel VQ-GAN (docs/method.md#gumbel-vq-gan): soft Gumbel-softmax quantization at the annealed
 * temperature, loss L1 + perceptual substitute + KL to the uniform code prior, and from {@code discriminatorStart} on
 * the hinge PatchGAN with taming's adaptive weight lambda = ||grad L_rec|| / (||grad L_G|| + 1e-4) at the decoder's
 * last layer, clamped to [0, 1e4]. Reports reconstruction error and codebook use.
 *
 * <p>The adaptive weight needs two gradients of the last layer's weight. DJL's backward frees the graph, so they
 * are taken on a small side graph that starts from the detached decoder features: the gradient of a loss with
 * respect to the last layer depends only on those features, so the numbers are the same as autograd.grad's.
 */
public final class VqGanTraining implements AutoCloseable {
    private static final long STREAM_STEP_NOISE = 1;
    private static final long STREAM_BATCH_ORDER = 2;
    private static final String TRIPWIRE_STATE = "gradient_tripwire.mean_norm_and_outliers";
    private static final String DISC_TRIPWIRE_STATE = "disc_gradient_tripwire.mean_norm_and_outliers";

    private final VqGanSpec spec;
    private final ImageDataset data;
    private final VqGanConfig config;
    private final GumbelTemperature temperature;
    private final Parameters params;
    private final Parameters discParams;
    private final VqGanNet net;
    private final PatchDiscriminator disc;
    private final Adam adam;
    private final Adam discAdam;
    private final boolean[] codesUsed;
    private GradientTripwire tripwire = new GradientTripwire();
    private GradientTripwire discTripwire = new GradientTripwire();
    private long step;

    public VqGanTraining(NDManager manager, VqGanSpec spec, ImageDataset data, VqGanConfig config) {
        if (data.imageSize() != spec.imageHeight() || spec.imageHeight() != spec.imageWidth()) {
            throw new IllegalArgumentException("dataset images are " + data.imageSize() + " px; the VQ-GAN expects square "
                    + spec.imageHeight() + " x " + spec.imageWidth());
        }
        this.spec = spec;
        this.data = data;
        this.config = config;
        this.temperature = new GumbelTemperature(config.temperatureSteps());
        this.params = Parameters.of(manager, spec.layout(), Initializer.initialWeights(spec.layout(), config.seed()));
        WeightLayout discLayout = PatchDiscriminator.layout(config.discriminatorChannels(), config.discriminatorLayers());
        this.discParams = Parameters.of(manager, discLayout, Initializer.initialWeights(discLayout, Seeds.derive(config.seed(), 3)));
        this.net = new VqGanNet(spec, params);
        this.disc = new PatchDiscriminator(config.discriminatorLayers(), discParams);
        this.adam = Adam.builder(params).optLearningRate(config.learningRate()).optBetas(0.5, 0.9).build();
        this.discAdam = Adam.builder(discParams).optLearningRate(config.learningRate()).optBetas(0.5, 0.9).build();
        this.codesUsed = new boolean[spec.codebookSize()];
    }

    /** What one step measured; the gradient norms are the autoencoder's and the discriminator's (0 before it starts). */
    public record StepResult(long step, double loss, double l1, double perceptual, double kl, double generatorLoss,
                             double adaptiveWeight, double discriminatorLoss, double temperature, double perplexity,
                             double codebookUsage, double gradientNorm, double discriminatorGradientNorm) {
    }

    public StepResult step() {
        int batch = config.batchSize();
        int size = data.imageSize();
        int k = spec.codebookSize();
        int h = spec.gridHeight();
        int w = spec.gridWidth();
        SplittableRandom random = new SplittableRandom(Seeds.derive(Seeds.derive(config.seed(), STREAM_STEP_NOISE), step));
        float[] pixels = data.batch(step, batch, Seeds.derive(config.seed(), STREAM_BATCH_ORDER));
        float[] gumbel = new float[batch * k * h * w];
        for (int i = 0; i < gumbel.length; i++) {
            double u = random.nextDouble();
            gumbel[i] = (float) -Math.log(-Math.log(Math.max(u, 1e-20)) + 1e-20);
        }
        double tau = temperature.at(step);
        boolean gan = step >= config.discriminatorStart();
        NDManager m = params.manager();
        double total;
        double l1Value;
        double perceptualValue;
        double klValue;
        double generatorValue = 0;
        double lambda = 0;
        double discValue = 0;
        double gradientNorm;
        double discGradientNorm = 0;
        long[] hardCodes;
        try (NDScope ignored = new NDScope()) {
            NDArray images = Tensors.owned(m, pixels, new Shape(batch, 3, size, size));
            NDArray reconstruction;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.encodeLogits(images);
                NDArray z = net.quantizeSoft(logits, Tensors.owned(m, gumbel, new Shape(batch, k, h, w)), tau);
                NDArray features = net.decodeTrunk(z);
                if (gan) {
                    lambda = adaptiveWeight(collector, images, features.stopGradient());
                }
                reconstruction = net.decodeHead(features);
                NDArray l1 = images.sub(reconstruction).abs().mean();
                NDArray perceptual = GradientPyramidLoss.loss(images, reconstruction);
                NDArray logQ = logits.logSoftmax(1);
                NDArray kl = logQ.exp().mul(logQ.add(Tensors.scalar(logQ, Math.log(k)))).sum(new int[] {1}).mean();
                NDArray loss = l1.add(perceptual.mul(Tensors.scalar(perceptual, config.perceptualWeight())))
                        .add(kl.mul(Tensors.scalar(kl, config.klWeight())));
                if (gan) {
                    NDArray generator = disc.forward(reconstruction).mean().neg();
                    loss = loss.add(generator.mul(Tensors.scalar(generator, config.discriminatorWeight() * lambda)));
                    generatorValue = generator.getFloat();
                }
                collector.backward(loss);
                total = loss.getFloat();
                l1Value = l1.getFloat();
                perceptualValue = perceptual.getFloat();
                klValue = kl.getFloat();
                hardCodes = logits.argMax(1).toLongArray();
            }
            gradientNorm = adam.gradientNorm();
            tripwire.record(total, gradientNorm, step);
            adam.step();
            if (gan) {
                discParams.zeroGradients();
                NDArray fake = reconstruction.stopGradient();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray real = hinge(disc.forward(images).neg());
                    NDArray generated = hinge(disc.forward(fake));
                    NDArray discLoss = real.add(generated).mul(Tensors.scalar(real, 0.5));
                    collector.backward(discLoss);
                    discValue = discLoss.getFloat();
                }
                discGradientNorm = discAdam.gradientNorm();
                discTripwire.record(discValue, discGradientNorm, step);
                discAdam.step();
            }
        }
        double perplexity = perplexity(hardCodes, k);
        int used = 0;
        for (long code : hardCodes) {
            codesUsed[(int) code] = true;
        }
        for (boolean u : codesUsed) {
            used += u ? 1 : 0;
        }
        step++;
        return new StepResult(step, total, l1Value, perceptualValue, klValue, generatorValue, lambda, discValue, tau,
                perplexity, (double) used / k, gradientNorm, discGradientNorm);
    }

    /** The hinge mean(max(0, 1 + x)) of discriminator logits x. */
    private static NDArray hinge(NDArray logits) {
        return logits.add(Tensors.scalar(logits, 1)).maximum(Tensors.scalar(logits, 0)).mean();
    }

    /**
     * lambda = ||d L_rec / d W|| / (||d L_G / d W|| + 1e-4), clamped to [0, 1e4], W the last decoder layer's
     * weight, from side graphs on the detached features; the gradients they leave are cleared.
     */
    private double adaptiveWeight(GradientCollector collector, NDArray images, NDArray detachedFeatures) {
        NDArray lastWeight = params.get(VqGanNet.LAST_LAYER + ".weight");
        NDArray side = net.decodeHead(detachedFeatures);
        NDArray perceptual = GradientPyramidLoss.loss(images, side);
        NDArray rec = images.sub(side).abs().mean().add(perceptual.mul(Tensors.scalar(perceptual, config.perceptualWeight())));
        collector.backward(rec);
        double recNorm = lastWeight.getGradient().norm().getFloat();
        params.zeroGradients();
        NDArray sideAgain = net.decodeHead(detachedFeatures);
        collector.backward(disc.forward(sideAgain).mean().neg());
        double genNorm = lastWeight.getGradient().norm().getFloat();
        params.zeroGradients();
        discParams.zeroGradients();
        return Math.min(Math.max(recNorm / (genNorm + 1e-4), 0.0), 1e4);
    }

    /**
     * The adaptive weight for one batch, computed the way {@link #step()} does; leaves no gradients behind.
     * For tests that compare it with an independent computation.
     */
    double adaptiveWeightFor(float[] pixels, float[] gumbel, double tau) {
        int batch = pixels.length / (3 * data.imageSize() * data.imageSize());
        NDManager m = params.manager();
        try (NDScope ignored = new NDScope();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray images = Tensors.owned(m, pixels, new Shape(batch, 3, data.imageSize(), data.imageSize()));
            NDArray logits = net.encodeLogits(images);
            NDArray z = net.quantizeSoft(logits, Tensors.owned(m, gumbel, logits.getShape()), tau);
            double lambda = adaptiveWeight(collector, images, net.decodeTrunk(z).stopGradient());
            params.zeroGradients();
            return lambda;
        }
    }

    PatchDiscriminator discriminator() {
        return disc;
    }

    double perceptualWeight() {
        return config.perceptualWeight();
    }

    /** exp(entropy) of the batch's code histogram: K when every code is equally used, 1 when one code is. */
    static double perplexity(long[] codes, int k) {
        long[] counts = new long[k];
        for (long c : codes) {
            counts[(int) c]++;
        }
        double entropy = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / codes.length;
                entropy -= p * Math.log(p);
            }
        }
        return Math.exp(entropy);
    }

    public long stepCount() {
        return step;
    }

    public VqGanNet net() {
        return net;
    }

    public Map<String, float[]> exportWeights() {
        return params.toFloatMap();
    }

    public Checkpoint checkpoint() {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        params.toFloatMap().forEach((n, v) -> tensors.put("model." + n, v));
        discParams.toFloatMap().forEach((n, v) -> tensors.put("disc." + n, v));
        adam.state().forEach((n, v) -> tensors.put("adam." + n, v));
        discAdam.state().forEach((n, v) -> tensors.put("disc_adam." + n, v));
        long[] used = new long[codesUsed.length];
        for (int i = 0; i < used.length; i++) {
            used[i] = codesUsed[i] ? 1 : 0;
        }
        Map<String, double[]> doubles = Map.of(TRIPWIRE_STATE, tripwire.state(), DISC_TRIPWIRE_STATE, discTripwire.state());
        return new Checkpoint("vqgan", step, tensors, doubles, Map.of("codes_used", used,
                "adam.step", new long[] {adam.stepCount(), discAdam.stepCount()},
                ModelSpecs.KEY, ModelSpecs.of(spec), "seed", new long[] {config.seed()}));
    }

    public void restore(Checkpoint c) {
        c.requireKind("vqgan");
        params.load(c.tensorsWithPrefix("model."));
        discParams.load(c.tensorsWithPrefix("disc."));
        long[] adamSteps = c.longs("adam.step");
        adam.restore(adamSteps[0], c.tensorsWithPrefix("adam."));
        discAdam.restore(adamSteps[1], c.tensorsWithPrefix("disc_adam."));
        long[] used = c.longs("codes_used");
        if (used.length != codesUsed.length) {
            throw new IllegalArgumentException("checkpoint tracks " + used.length + " codes, the model has " + codesUsed.length);
        }
        for (int i = 0; i < used.length; i++) {
            codesUsed[i] = used[i] != 0;
        }
        step = c.step();
        // older checkpoints have no tripwire state: it starts afresh
        tripwire = c.hasDoubles(TRIPWIRE_STATE) ? GradientTripwire.fromState(c.doubles(TRIPWIRE_STATE)) : new GradientTripwire();
        discTripwire = c.hasDoubles(DISC_TRIPWIRE_STATE) ? GradientTripwire.fromState(c.doubles(DISC_TRIPWIRE_STATE))
                : new GradientTripwire();
    }

    /** Steps so far whose autoencoder or discriminator gradient norm lay far above its running mean. */
    public long outlierSteps() {
        return tripwire.outliers() + discTripwire.outliers();
    }

    @Override
    public void close() {
        discAdam.close();
        adam.close();
        discParams.close();
        params.close();
    }
}
