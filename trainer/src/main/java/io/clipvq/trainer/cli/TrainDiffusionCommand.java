package io.clipvq.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.clipvq.contracts.Seeds;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.checkpoint.ModelSpecs;
import io.clipvq.trainer.data.CaptionConditions;
import io.clipvq.trainer.data.ImageFolder;
import io.clipvq.trainer.diffusion.TrainingCodes;
import io.clipvq.trainer.diffusion.CodeDataset;
import io.clipvq.trainer.diffusion.DenoiserNet;
import io.clipvq.trainer.diffusion.DiffusionConfig;
import io.clipvq.trainer.diffusion.DiffusionTraining;
import io.clipvq.trainer.diffusion.MaskAndReplacePosterior;
import io.clipvq.trainer.diffusion.PreviewSampler;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.optim.RateSchedule;
import io.clipvq.trainer.report.ImageGrid;
import io.clipvq.trainer.report.LossCurve;
import io.clipvq.trainer.report.ProgressBar;
import io.clipvq.trainer.tokenizer.ImageTokenizer;
import io.clipvq.trainer.tokenizer.ImageTokenizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Trains (or resumes) the CLIP-conditioned diffusion decoder, language-free, on a folder of images. */
@Command(name = "train-diffusion", mixinStandardHelpOptions = true,
        description = "Train the diffusion decoder on the VQ codes and CLIP image embeddings of a folder of images "
                + "(no captions); resumes from RUN_DIR/diffusion.ckpt if present.")
public final class TrainDiffusionCommand implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "folder of PNG/JPEG training images") Path images;
    @Option(names = "--vqgan", description = "the VQ-GAN checkpoint (train-vqgan's vqgan.ckpt); or give --tokenizer") Path vqgan;
    @Option(names = "--tokenizer", paramLabel = "FILE", description = "a palette tokenizer file (build-palette) instead of --vqgan")
    Path tokenizerFile;
    @Option(names = "--clip-bundle", required = true, description = "a model bundle whose clip_image.onnx embeds the images") Path clipBundle;
    @Option(names = "--run-dir", required = true) Path runDir;
    @Option(names = "--steps", required = true) long steps;
    @Option(names = "--layers", defaultValue = "6") int layers;
    @Option(names = "--width", defaultValue = "256") int width;
    @Option(names = "--heads", defaultValue = "8") int heads;
    @Option(names = "--mlp-ratio", defaultValue = "4") int mlpRatio;
    @Option(names = "--mlp", defaultValue = "LINEAR", description = "LINEAR (default) or CONV3X3 (the paper code's conv MLP, ~6x compute)")
    DenoiserSpec.Mlp mlp;
    @Option(names = "--timesteps", defaultValue = "100") int timesteps;
    @Option(names = "--plain-codes", description = "do not factorise the code embedding and output layer over the tokenizer's code parts")
    boolean plainCodes;
    @Option(names = "--batch-size", defaultValue = "8") int batchSize;
    @Option(names = "--learning-rate", defaultValue = "3e-4") double learningRate;
    @Option(names = "--decay-fraction", defaultValue = "0",
            description = "share of --steps at the end over which the learning rate falls to 0 along a cosine (default 0: constant)")
    double decayFraction;
    @Option(names = "--max-grad-norm", paramLabel = "NORM",
            description = "clip the global gradient norm to NORM before each update (default: no clipping); the progress"
                    + " line shows the norm before clipping")
    Double maxGradNorm;
    @Option(names = "--alpha", defaultValue = "0.25", description = "pseudo text embedding noise level") double alpha;
    @Option(names = "--null-probability", defaultValue = "0.1") double nullProbability;
    @Option(names = "--ema-decay", defaultValue = "0.999") double emaDecay;
    @Option(names = "--aux-weight", defaultValue = "5e-4") double auxWeight;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--checkpoint-every", defaultValue = "500") long checkpointEvery;
    @Option(names = "--sample-every", defaultValue = "500") long sampleEvery;
    @Option(names = "--sample-count", defaultValue = "8") int sampleCount;
    @Option(names = "--captions", paramLabel = "FILE",
            description = "paired upper bound only: JSONL of {\"image\": file name, \"caption\": text}; the condition becomes"
                    + " the CLIP text embedding of each image's caption instead of its image embedding (default: none,"
                    + " language-free)")
    Path captions;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec commandSpec;

    /** Checkpoint entry saying which condition a run trained on: 1 = caption text embeddings, 0 = image embeddings. */
    static final String CAPTION_CONDITION = "condition.captions";

    @Override
    public Integer call() throws Exception {
        if (maxGradNorm != null && !(maxGradNorm > 0)) {
            throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(),
                    "--max-grad-norm must be a number > 0, got " + maxGradNorm);
        }
        if ((vqgan == null) == (tokenizerFile == null)) {
            throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(),
                    "give exactly one tokenizer: --vqgan FILE or --tokenizer FILE");
        }
        try (ImageTokenizer tokenizer = ImageTokenizers.open(vqgan, tokenizerFile)) {
            return train(tokenizer);
        }
    }

    private int train(ImageTokenizer tokenizer) throws Exception {
        ModelBundle clip = BundleLoader.load(clipBundle);
        int clipDim = clip.manifest().clipDim();
        // a code made of parts (the palette's mask, fg, bg) gets a factorised embedding and output layer, so that
        // parts never seen together in training (a purple triangle) still combine; one part ([K], VQ-GAN): plain
        List<Integer> factors = tokenizer.factorSizes().length > 1 && !plainCodes
                ? Arrays.stream(tokenizer.factorSizes()).boxed().toList() : List.of();
        DenoiserSpec spec = new DenoiserSpec(tokenizer.codebookSize(), tokenizer.gridHeight(), tokenizer.gridWidth(), width, layers,
                heads, mlpRatio, clipDim, timesteps, mlp, factors);
        DiffusionConfig config = new DiffusionConfig(batchSize, learningRate, alpha, nullProbability, emaDecay, auxWeight, seed,
                RateSchedule.decayOverLast(decayFraction, steps), maxGradNorm == null ? Double.POSITIVE_INFINITY : maxGradNorm);
        DiffusionSchedule schedule = DiffusionSchedule.standard(spec.codebookSize(), timesteps);
        Files.createDirectories(runDir);
        Path checkpointFile = RunFiles.in(runDir, RunFiles.DIFFUSION_CHECKPOINT);
        ImageFolder.Loaded loaded = ImageFolder.load(images, tokenizer.imageSize());
        CaptionConditions captionConditions = null;
        if (captions != null) {
            try {
                captionConditions = CaptionConditions.read(captions);
                captionConditions.captionsFor(loaded.files()); // every training image needs one, checked before any work
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(), "--captions: " + e.getMessage(), e);
            }
        }
        List<Double> history = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            System.err.println("encoding " + loaded.images().size() + " images (VQ codes, CLIP image embeddings)...");
            CodeDataset data = TrainingCodes.prepare(loaded, tokenizer, clip,
                    RunFiles.in(runDir, RunFiles.DIFFUSION_DATA), captionConditions);
            double[] condition = {captionConditions == null ? 0 : 1};
            try (DiffusionTraining training = new DiffusionTraining(manager, spec, schedule, data, config)) {
                if (Files.exists(checkpointFile)) {
                    Checkpoint c = Checkpoint.load(checkpointFile);
                    TrainVqGanCommand.requireSame("denoiser sizes", ModelSpecs.of(spec), c.longs(ModelSpecs.KEY));
                    TrainVqGanCommand.requireSame("seed", new long[] {seed}, c.longs("seed"));
                    double[] trained = c.hasDoubles(CAPTION_CONDITION) ? c.doubles(CAPTION_CONDITION) : new double[] {0};
                    if (trained[0] != condition[0]) {
                        throw new IllegalArgumentException(checkpointFile + " was trained on "
                                + (trained[0] == 1 ? "caption text embeddings (--captions)" : "image embeddings (no --captions)")
                                + "; this run asks for the other condition: use a new --run-dir");
                    }
                    training.restore(c);
                    Arrays.stream(c.doubles("history.loss")).forEach(history::add);
                    System.err.println("resuming " + checkpointFile + " at step " + training.stepCount());
                }
                ProgressBar bar = new ProgressBar("train-diffusion", steps, training.stepCount(), System.err);
                while (training.stepCount() < steps) {
                    DiffusionTraining.StepResult r = training.step();
                    history.add(r.loss());
                    bar.update(r.step(), String.format(Locale.ROOT, "loss %.4f vlb %.3f aux %.3f |g| %.3g lr %.2e", r.loss(),
                            r.meanVlb(), r.meanAux(), r.gradientNorm(), learningRate * config.rateSchedule().factor(r.step() - 1)));
                    boolean last = r.step() == steps;
                    if (last || r.step() % checkpointEvery == 0) {
                        training.checkpoint().withDoubles("history.loss", TrainVqGanCommand.toArray(history))
                                .withDoubles(CAPTION_CONDITION, condition).save(checkpointFile);
                    }
                    if (last || r.step() % sampleEvery == 0) {
                        LossCurve.write(RunFiles.in(runDir, RunFiles.DIFFUSION_LOSS), "diffusion loss", TrainVqGanCommand.toArray(history));
                        writeSamples(manager, training, tokenizer, schedule, data, r.step());
                    }
                }
            }
        }
        return 0;
    }

    /** Samples from the EMA weights, conditioned on the (clean, normalised) embeddings of the first images. */
    private void writeSamples(NDManager manager, DiffusionTraining training, ImageTokenizer tokenizer, DiffusionSchedule schedule,
                              CodeDataset data, long step) throws Exception {
        int count = Math.min(sampleCount, data.size());
        int d = training.spec().clipDim();
        float[] cond = new float[count * d];
        for (int i = 0; i < count; i++) {
            float[] e = data.embedding(i);
            double norm = 0;
            for (float v : e) {
                norm += v * v;
            }
            for (int j = 0; j < d; j++) {
                cond[i * d + j] = (float) (e[j] / Math.sqrt(norm));
            }
        }
        List<float[]> grid = new ArrayList<>();
        try (Parameters ema = Parameters.of(manager, training.spec().layout(), training.exportWeights())) {
            long[] codes = PreviewSampler.sample(new DenoiserNet(training.spec(), ema), new MaskAndReplacePosterior(schedule),
                    cond, count, Seeds.derive(seed, 1_000_000 + step));
            int size = tokenizer.imageSize();
            int per = 3 * size * size;
            float[] images = tokenizer.decode(codes, count);
            for (int i = 0; i < count; i++) {
                grid.add(Arrays.copyOfRange(images, i * per, (i + 1) * per));
            }
            ImageGrid.write(RunFiles.in(runDir, RunFiles.DIFFUSION_SAMPLES), grid, size, count);
        }
    }
}
