package io.clipvq.trainer.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.checkpoint.ModelSpecs;
import io.clipvq.trainer.data.ImageFolder;
import io.clipvq.trainer.nn.Tensors;
import io.clipvq.trainer.report.ImageGrid;
import io.clipvq.trainer.report.LossCurve;
import io.clipvq.trainer.report.ProgressBar;
import io.clipvq.trainer.vqgan.VqGanConfig;
import io.clipvq.trainer.vqgan.VqGanTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Trains (or resumes) the Gumbel VQ-GAN on a folder of images. */
@Command(name = "train-vqgan", mixinStandardHelpOptions = true,
        description = "Train the Gumbel VQ-GAN on a folder of PNG/JPEG images; resumes from RUN_DIR/vqgan.ckpt if present.")
public final class TrainVqGanCommand implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "folder of PNG/JPEG training images")
    Path images;
    @Option(names = "--run-dir", required = true, description = "where checkpoints, loss curve and sample grid go")
    Path runDir;
    @Option(names = "--steps", required = true, description = "total training steps")
    long steps;
    @Option(names = "--image-size", defaultValue = "32") int imageSize;
    @Option(names = "--code-grid", defaultValue = "8", description = "h = w of the code grid") int codeGrid;
    @Option(names = "--codebook-size", defaultValue = "256") int codebookSize;
    @Option(names = "--code-dim", defaultValue = "64") int codeDim;
    @Option(names = "--channels", defaultValue = "64") int channels;
    @Option(names = "--batch-size", defaultValue = "8") int batchSize;
    @Option(names = "--learning-rate", defaultValue = "2e-4") double learningRate;
    @Option(names = "--temperature-steps", description = "N of the 0.9 -> 0.01 cosine (default: --steps)") Long temperatureSteps;
    @Option(names = "--kl-weight", defaultValue = "5e-5") double klWeight;
    @Option(names = "--perceptual-weight", defaultValue = "1.0") double perceptualWeight;
    @Option(names = "--disc-start", defaultValue = "25000") long discStart;
    @Option(names = "--disc-weight", defaultValue = "0.8") double discWeight;
    @Option(names = "--disc-channels", defaultValue = "64") int discChannels;
    @Option(names = "--disc-layers", defaultValue = "3") int discLayers;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--checkpoint-every", defaultValue = "500") long checkpointEvery;
    @Option(names = "--sample-every", defaultValue = "500") long sampleEvery;

    @Override
    public Integer call() throws Exception {
        if (imageSize % codeGrid != 0) {
            throw new IllegalArgumentException("--image-size " + imageSize + " is not a multiple of --code-grid " + codeGrid);
        }
        VqGanSpec spec = new VqGanSpec(codebookSize, codeDim, codeGrid, codeGrid, imageSize / codeGrid, channels);
        VqGanConfig config = new VqGanConfig(batchSize, learningRate, temperatureSteps == null ? steps : temperatureSteps,
                klWeight, perceptualWeight, discStart, discWeight, discChannels, discLayers, seed);
        ImageFolder.Loaded data = ImageFolder.load(images, imageSize);
        Files.createDirectories(runDir);
        Path checkpointFile = RunFiles.in(runDir, RunFiles.VQGAN_CHECKPOINT);
        List<Double> history = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager();
             VqGanTraining training = new VqGanTraining(manager, spec, data.dataset(), config)) {
            if (Files.exists(checkpointFile)) {
                Checkpoint c = Checkpoint.load(checkpointFile);
                requireSame("VQ-GAN sizes", ModelSpecs.of(spec), c.longs(ModelSpecs.KEY));
                requireSame("seed", new long[] {seed}, c.longs("seed"));
                training.restore(c);
                Arrays.stream(c.doubles("history.loss")).forEach(history::add);
                System.err.println("resuming " + checkpointFile + " at step " + training.stepCount());
            }
            ProgressBar bar = new ProgressBar("train-vqgan", steps, training.stepCount(), System.err);
            while (training.stepCount() < steps) {
                VqGanTraining.StepResult r = training.step();
                history.add(r.loss());
                bar.update(r.step(), String.format(Locale.ROOT, "loss %.4f l1 %.4f tau %.3f ppl %.1f used %.0f%%",
                        r.loss(), r.l1(), r.temperature(), r.perplexity(), 100 * r.codebookUsage()));
                boolean last = r.step() == steps;
                if (last || r.step() % checkpointEvery == 0) {
                    training.checkpoint().withDoubles("history.loss", toArray(history)).save(checkpointFile);
                }
                if (last || r.step() % sampleEvery == 0) {
                    writeReports(training, data, history);
                }
            }
            if (!Files.exists(checkpointFile)) {
                training.checkpoint().withDoubles("history.loss", toArray(history)).save(checkpointFile);
            }
        }
        return 0;
    }

    private void writeReports(VqGanTraining training, ImageFolder.Loaded data, List<Double> history) throws Exception {
        LossCurve.write(RunFiles.in(runDir, RunFiles.VQGAN_LOSS), "VQ-GAN loss", toArray(history));
        int count = Math.min(8, data.images().size());
        float[] batch = new float[count * 3 * imageSize * imageSize];
        for (int i = 0; i < count; i++) {
            System.arraycopy(data.images().get(i), 0, batch, i * 3 * imageSize * imageSize, 3 * imageSize * imageSize);
        }
        List<float[]> grid = new ArrayList<>(data.images().subList(0, count));
        try (NDScope ignored = new NDScope()) {
            NDManager m = training.net().params().manager();
            NDArray input = Tensors.owned(m, batch, new Shape(count, 3, imageSize, imageSize));
            float[] recon = training.net().decode(training.net().encode(input)).toFloatArray();
            int per = 3 * imageSize * imageSize;
            for (int i = 0; i < count; i++) {
                grid.add(Arrays.copyOfRange(recon, i * per, (i + 1) * per));
            }
        }
        ImageGrid.write(RunFiles.in(runDir, RunFiles.VQGAN_SAMPLES), grid, imageSize, count);
    }

    static void requireSame(String what, long[] expected, long[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalArgumentException("the checkpoint was made with " + what + " " + Arrays.toString(actual)
                    + ", the options give " + Arrays.toString(expected) + "; use the same options or a new --run-dir");
        }
    }

    static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
