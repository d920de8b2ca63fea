package io.clipvq.trainer.worlds.fashionmnist;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import io.clipvq.contracts.Seeds;
import io.clipvq.modelbuild.graphs.WeightLayout;
import io.clipvq.modelbuild.graphs.WeightSpec;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.data.EpochOrder;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;
import io.clipvq.trainer.optim.Adam;
import io.clipvq.trainer.optim.RateSchedule;
import io.clipvq.trainer.report.ProgressBar;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The classifier that decides whether a generated Fashion-MNIST image is right (docs/worlds.md): a multilayer
 * perceptron over the 32 x 32 canvas (1024 -> 512 -> 256 -> 10, ReLU), trained on all 60,000 real training images
 * and never on generated ones. Its 256 penultimate activations are the features the Fréchet distance compares.
 * Images are read as gray (the mean of the three channels), so an RGB PNG of the world reads as its source image.
 */
public final class FashionClassifier implements AutoCloseable {
    public static final int FEATURES = 256;
    static final String CHECKPOINT_KIND = "fashion-classifier";
    private static final int INPUT = FashionMnist.CANVAS * FashionMnist.CANVAS;
    private static final int HIDDEN = 512;
    /** Mean and spread of Fashion-MNIST pixels on the canvas, so inputs are roughly standardised. */
    private static final float PIXEL_MEAN = 0.22f;
    private static final float PIXEL_STD = 0.33f;
    private static final int CHUNK = 512;

    private final NDManager manager;
    private final Parameters params;

    private FashionClassifier(NDManager manager, Parameters params) {
        this.manager = manager;
        this.params = params;
    }

    /** Training settings: epochs over the 60,000 training images, batch size, Adam's rate (cosine decay) and seed. */
    public record Settings(int epochs, int batchSize, double learningRate, long seed) {
        public static Settings defaults() {
            return new Settings(12, 128, 1e-3, 0);
        }
    }

    static WeightLayout layout() {
        return WeightLayout.builder().linear("fc1", INPUT, HIDDEN, true).linear("fc2", HIDDEN, FEATURES, true)
                .linear("out", FEATURES, FashionClass.values().length, true).build();
    }

    /** Trains a classifier on every training image; progress goes to {@code log}. */
    public static FashionClassifier train(FashionMnist data, Settings settings, PrintStream log) {
        NDManager manager = NDManager.newBaseManager();
        FashionClassifier classifier = new FashionClassifier(manager, Parameters.of(manager, layout(), heInitial(settings.seed())));
        int n = FashionMnist.TRAIN_COUNT;
        int stepsPerEpoch = n / settings.batchSize();
        long steps = (long) stepsPerEpoch * settings.epochs();
        RateSchedule schedule = RateSchedule.warmupThenCosine(0, steps);
        ProgressBar bar = new ProgressBar("fashion-classifier", steps, 0, log);
        try (Adam adam = Adam.builder(classifier.params).optLearningRate(settings.learningRate()).build()) {
            for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                int[] order = EpochOrder.shuffled(n, Seeds.derive(settings.seed(), epoch + 1));
                for (int s = 0; s < stepsPerEpoch; s++) {
                    int b = settings.batchSize();
                    float[] inputs = new float[b * INPUT];
                    long[] labels = new long[b];
                    for (int i = 0; i < b; i++) {
                        FashionMnist.LabelledImage image = data.train(order[s * b + i]);
                        writeInput(image.canvasChw(), inputs, i * INPUT);
                        labels[i] = image.label().ordinal();
                    }
                    double loss;
                    try (NDScope ignored = new NDScope()) {
                        NDArray x = Tensors.owned(manager, inputs, new Shape(b, INPUT));
                        NDArray target = Tensors.owned(manager, oneHot(labels), new Shape(b, FashionClass.values().length));
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray l = classifier.logits(x).logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
                            loss = l.getFloat();
                            if (!Double.isFinite(loss)) {
                                throw new IllegalStateException("classifier loss became " + loss + " in epoch " + epoch);
                            }
                            collector.backward(l);
                        }
                        long step = (long) epoch * stepsPerEpoch + s;
                        adam.step(schedule.factor(step));
                    }
                    long done = (long) epoch * stepsPerEpoch + s + 1;
                    if (done % 20 == 0 || done == steps) {
                        bar.update(done, String.format(java.util.Locale.ROOT, "epoch %d loss %.4f", epoch + 1, loss));
                    }
                }
            }
        }
        return classifier;
    }

    /** Share of the 10,000 real test images classified right. */
    public double testAccuracy(FashionMnist data) {
        List<float[]> images = new java.util.ArrayList<>(data.testCount());
        for (int i = 0; i < data.testCount(); i++) {
            images.add(data.test(i).canvasChw());
        }
        int[] predicted = read(images).classes();
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == data.test(i).label().ordinal() ? 1 : 0;
        }
        return (double) right / predicted.length;
    }

    /** The predicted class and the penultimate features of each image. */
    public record Readout(int[] classes, float[][] features) {
    }

    /** Reads planar RGB [3, 32, 32] images in [0, 1]. */
    public Readout read(List<float[]> chwImages) {
        int[] classes = new int[chwImages.size()];
        float[][] features = new float[chwImages.size()][];
        int k = FashionClass.values().length;
        for (int start = 0; start < chwImages.size(); start += CHUNK) {
            int b = Math.min(CHUNK, chwImages.size() - start);
            float[] inputs = new float[b * INPUT];
            for (int i = 0; i < b; i++) {
                writeInput(chwImages.get(start + i), inputs, i * INPUT);
            }
            try (NDScope ignored = new NDScope()) {
                NDArray hidden = features(Tensors.owned(manager, inputs, new Shape(b, INPUT)));
                float[] h = hidden.toFloatArray();
                float[] logits = Layers.linear(hidden, params, "out").toFloatArray();
                for (int i = 0; i < b; i++) {
                    features[start + i] = java.util.Arrays.copyOfRange(h, i * FEATURES, (i + 1) * FEATURES);
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        if (logits[i * k + c] > logits[i * k + best]) {
                            best = c;
                        }
                    }
                    classes[start + i] = best;
                }
            }
        }
        return new Readout(classes, features);
    }

    public void save(Path file) throws IOException {
        new Checkpoint(CHECKPOINT_KIND, 0, params.toFloatMap(), Map.of(), Map.of()).save(file);
    }

    public static FashionClassifier load(Path file) throws IOException {
        Checkpoint checkpoint = Checkpoint.load(file);
        checkpoint.requireKind(CHECKPOINT_KIND);
        NDManager manager = NDManager.newBaseManager();
        return new FashionClassifier(manager, Parameters.of(manager, layout(), checkpoint.tensors()));
    }

    private NDArray features(NDArray x) {
        NDArray h = Activation.relu(Layers.linear(x, params, "fc1"));
        return Activation.relu(Layers.linear(h, params, "fc2"));
    }

    private NDArray logits(NDArray x) {
        return Layers.linear(features(x), params, "out");
    }

    /** Gray input of the first layer: the channel mean, standardised. */
    static void writeInput(float[] chw, float[] target, int offset) {
        if (chw.length != 3 * INPUT) {
            throw new IllegalArgumentException("the classifier reads 32 x 32 RGB images, got " + chw.length + " floats");
        }
        for (int p = 0; p < INPUT; p++) {
            float gray = (chw[p] + chw[INPUT + p] + chw[2 * INPUT + p]) / 3f;
            target[offset + p] = (gray - PIXEL_MEAN) / PIXEL_STD;
        }
    }

    private static float[] oneHot(long[] labels) {
        int k = FashionClass.values().length;
        float[] out = new float[labels.length * k];
        for (int i = 0; i < labels.length; i++) {
            out[i * k + (int) labels[i]] = 1f;
        }
        return out;
    }

    /** He-normal weights (std sqrt(2 / fan_in), suited to ReLU), zero biases; seeded per tensor. */
    private static Map<String, float[]> heInitial(long seed) {
        Map<String, float[]> out = new LinkedHashMap<>();
        List<WeightSpec> specs = layout().specs();
        for (int i = 0; i < specs.size(); i++) {
            WeightSpec spec = specs.get(i);
            float[] values = new float[Math.toIntExact(spec.elementCount())];
            if (!spec.name().endsWith(".bias")) {
                double std = Math.sqrt(2.0 / spec.shape()[1]);
                SplittableRandom random = new SplittableRandom(Seeds.derive(seed, i));
                for (int j = 0; j < values.length; j++) {
                    values[j] = (float) (std * random.nextGaussian());
                }
            }
            out.put(spec.name(), values);
        }
        return out;
    }

    @Override
    public void close() {
        params.close();
        manager.close();
    }
}
