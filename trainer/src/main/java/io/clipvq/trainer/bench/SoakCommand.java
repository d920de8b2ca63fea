package io.clipvq.trainer.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.data.ImageDataset;
import io.clipvq.trainer.diffusion.CodeDataset;
import io.clipvq.trainer.diffusion.DiffusionConfig;
import io.clipvq.trainer.diffusion.DiffusionTraining;
import io.clipvq.trainer.nn.Tensors;
import io.clipvq.trainer.report.ProgressBar;
import io.clipvq.trainer.vqgan.VqGanConfig;
import io.clipvq.trainer.vqgan.VqGanTraining;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * A soak bench, not a test: trains a small Gumbel VQ-GAN (discriminator from half-way) on Shapes images, then a
 * small diffusion decoder on that VQ-GAN's codes, and prints as JSON how many steps had a non-finite or an
 * outlying gradient (docs/training-memory.md). The goal is zero non-finite steps; a non-finite step stops its phase
 * (the tripwire's rule) and is reported with its number. The diffusion conditions are a fixed random projection of
 * each image, normalised (this bench measures numerics, not what the model learns).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Trains a small VQ-GAN and diffusion decoder for many steps and prints, as JSON, how many steps had non-finite or outlying gradients.")
public final class SoakCommand implements Callable<Integer> {
    @Option(names = "--vqgan-steps", defaultValue = "5000") long vqganSteps;
    @Option(names = "--diffusion-steps", defaultValue = "20000") long diffusionSteps;
    @Option(names = "--images", defaultValue = "512", description = "Shapes image-only scenes to train on") int images;
    @Option(names = "--seed", defaultValue = "1") long seed;

    private static final int EMBEDDING_DIM = 16;

    @Override
    public Integer call() throws Exception {
        if (vqganSteps < 1 || diffusionSteps < 0 || images < 8) {
            throw new IllegalArgumentException("soak needs --vqgan-steps >= 1, --diffusion-steps >= 0 and --images >= 8");
        }
        List<float[]> pixels = ShapesDataset.planarImages(ShapesDataset.builder().optSeed(seed).build().imageOnly(images));
        ImageDataset imageSet = new ImageDataset(pixels, 32);
        VqGanSpec vqSpec = new VqGanSpec(64, 16, 8, 8, 4, 16);
        ObjectNode report = new ObjectMapper().createObjectNode();
        List<long[]> codes = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            VqGanConfig vqConfig = VqGanConfig.defaults(seed).withBatchSize(8).withLearningRate(2e-4)
                    .withTemperatureSteps(vqganSteps).withDiscriminator(vqganSteps / 2, 16, 2);
            try (VqGanTraining training = new VqGanTraining(manager, vqSpec, imageSet, vqConfig)) {
                report.set("vqgan", soak("vqgan", vqganSteps, report, new Soaked() {
                    public String step() {
                        VqGanTraining.StepResult r = training.step();
                        return String.format("loss %.4f |g| %.3g", r.loss(), r.gradientNorm());
                    }

                    public long stepCount() {
                        return training.stepCount();
                    }

                    public long outlierSteps() {
                        return training.outlierSteps();
                    }
                }));
                encode(training, pixels, codes);
            }
            if (diffusionSteps > 0) {
                DenoiserSpec spec = new DenoiserSpec(64, 8, 8, 32, 2, 2, 2, EMBEDDING_DIM, 20);
                DiffusionConfig config = DiffusionConfig.defaults(seed).withBatchSize(16).withLearningRate(1e-3)
                        .withMaxGradientNorm(1.0);
                CodeDataset data = new CodeDataset(codes, projections(pixels));
                try (DiffusionTraining training = new DiffusionTraining(manager, spec, DiffusionSchedule.standard(64, 20), data, config)) {
                    report.set("diffusion", soak("diffusion", diffusionSteps, report, new Soaked() {
                        public String step() {
                            DiffusionTraining.StepResult r = training.step();
                            return String.format("loss %.4f |g| %.3g", r.loss(), r.gradientNorm());
                        }

                        public long stepCount() {
                            return training.stepCount();
                        }

                        public long outlierSteps() {
                            return training.outlierSteps();
                        }
                    }));
                }
            }
        }
        System.out.println(report.toPrettyString());
        return 0;
    }

    private static void encode(VqGanTraining training, List<float[]> pixels, List<long[]> out) {
        NDManager m = training.net().params().manager();
        for (float[] image : pixels) {
            try (NDScope ignored = new NDScope()) {
                NDArray codes = training.net().encode(Tensors.owned(m, image, new Shape(1, 3, 32, 32)));
                out.add(codes.toLongArray());
            }
        }
    }

    /** A fixed random projection of each image to EMBEDDING_DIM numbers, normalised: a stand-in condition. */
    private List<float[]> projections(List<float[]> pixels) {
        SplittableRandom random = new SplittableRandom(seed);
        int inputs = pixels.get(0).length;
        float[] matrix = new float[EMBEDDING_DIM * inputs];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) (random.nextDouble() * 2 - 1);
        }
        List<float[]> out = new ArrayList<>(pixels.size());
        for (float[] image : pixels) {
            float[] e = new float[EMBEDDING_DIM];
            double norm = 0;
            for (int d = 0; d < EMBEDDING_DIM; d++) {
                double s = 0;
                for (int i = 0; i < inputs; i++) {
                    s += matrix[d * inputs + i] * (image[i] - 0.5);
                }
                e[d] = (float) s;
                norm += s * s;
            }
            for (int d = 0; d < EMBEDDING_DIM; d++) {
                e[d] /= (float) Math.sqrt(norm);
            }
            out.add(e);
        }
        return out;
    }

    /** What the soak needs of a trainer. */
    private interface Soaked {
        /** Takes one step and describes it for the progress line. */
        String step();

        long stepCount();

        long outlierSteps();
    }

    /**
     * Trains {@code steps} steps with a progress line and returns what they measured. The first non-finite step
     * (the tripwire's IllegalStateException) ends the phase and is reported with its number.
     */
    private static ObjectNode soak(String name, long steps, ObjectNode parent, Soaked trainer) {
        ProgressBar bar = new ProgressBar("soak " + name, steps, 0, System.err);
        long started = System.nanoTime();
        ObjectNode node = parent.objectNode();
        long nonFinite = 0;
        while (nonFinite == 0 && trainer.stepCount() < steps) {
            try {
                String status = trainer.step();
                bar.update(trainer.stepCount(), status + " outliers " + trainer.outlierSteps());
            } catch (IllegalStateException e) {
                nonFinite = 1;
                node.put("first_non_finite_step", trainer.stepCount() + 1);
                node.put("error", e.getMessage());
                System.err.println("\nsoak " + name + ": " + e.getMessage());
            }
        }
        node.put("steps_asked", steps);
        node.put("steps_completed", trainer.stepCount());
        node.put("non_finite_steps", nonFinite);
        node.put("outlier_steps", trainer.outlierSteps());
        node.put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
        return node;
    }
}
