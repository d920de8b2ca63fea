package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDManager;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.modelbuild.graphs.ClipConvImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import io.clipvq.modelbuild.graphs.ClipImageTowerSpec;
import io.clipvq.modelbuild.graphs.ClipTextSpec;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.trainer.worlds.ClipEmbedder;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.report.LossCurve;
import io.clipvq.trainer.report.ProgressBar;
import io.clipvq.trainer.worlds.World;
import io.clipvq.trainer.worlds.Worlds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Trains a world's CLIP contrastively on its captioned split and exports it: clip_text.onnx, clip_image.onnx and
 * clip-spec.json in the output folder, with the world's zero-shot accuracy measured on held-out images through the
 * exported files (the engine's encoders, as the worker runs them).
 */
@Command(name = "train-clip", mixinStandardHelpOptions = true,
        description = "Train a world's CLIP (symmetric InfoNCE) on captioned pairs and export clip_text.onnx, "
                + "clip_image.onnx and clip-spec.json; resumes from OUTPUT/clip.ckpt if present.")
public final class TrainClipCommand implements Callable<Integer> {
    static final String CHECKPOINT = "clip.ckpt";
    static final String LOSS_CURVE = "clip-loss.png";

    enum ImageTower { cnn, vit }

    enum Schedule { cosine, constant }

    @Option(names = "--world", defaultValue = "shapes", description = "the world whose captioned split trains the CLIP (default ${DEFAULT-VALUE})")
    String worldName;
    @Option(names = "--output", required = true, description = "folder for the ONNX files, spec, checkpoint and loss curve")
    Path output;
    @Option(names = "--pairs", defaultValue = "300000",
            description = "captioned pairs generated for training; fresh pairs matter more than epochs: 20000 pairs seen 18 times "
                    + "reach shape 89%, 300000 seen about once 97% (default ${DEFAULT-VALUE})")
    int pairs;
    @Option(names = "--steps", defaultValue = "1400", description = "training steps (default ${DEFAULT-VALUE})")
    long steps;
    @Option(names = "--batch-size", defaultValue = "256", description = "pairs per step (default ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Adam's peak step size (default ${DEFAULT-VALUE})")
    double learningRate;
    @Option(names = "--warmup-steps", description = "linear warmup of the step size (default: a twentieth of --steps)")
    Long warmupSteps;
    @Option(names = "--schedule", defaultValue = "cosine",
            description = "step size after the warmup: ${COMPLETION-CANDIDATES} (cosine decays to 0 at --steps; default ${DEFAULT-VALUE})")
    Schedule schedule;
    @Option(names = "--embed-dim", defaultValue = "64", description = "D, the shared embedding size (default ${DEFAULT-VALUE})")
    int embedDim;
    @Option(names = "--text-width", defaultValue = "32",
            description = "text tower width; its token table holds 49408 x width floats, 6.3 MB at 32 (default ${DEFAULT-VALUE})")
    int textWidth;
    @Option(names = "--text-layers", defaultValue = "2") int textLayers;
    @Option(names = "--text-heads", defaultValue = "4") int textHeads;
    @Option(names = "--image-tower", defaultValue = "cnn",
            description = "image encoder: cnn (conv stages, flattened) or vit (patch transformer, mean-pooled); "
                    + "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    ImageTower imageTower;
    @Option(names = "--image-width", description = "cnn: stem channels (default 16); vit: width (default 64)")
    Integer imageWidth;
    @Option(names = "--image-stages", defaultValue = "3",
            description = "cnn: stride-2 conv stages, each doubling the channels (default ${DEFAULT-VALUE})")
    int imageStages;
    @Option(names = "--image-layers", defaultValue = "2", description = "vit: blocks (default ${DEFAULT-VALUE})") int imageLayers;
    @Option(names = "--image-heads", defaultValue = "4", description = "vit: heads (default ${DEFAULT-VALUE})") int imageHeads;
    @Option(names = "--patch-size", defaultValue = "4", description = "vit: patch side in pixels (default ${DEFAULT-VALUE})")
    int patchSize;
    @Option(names = "--image-size", defaultValue = "32", description = "S, the side clip_image takes (the bundle's; default ${DEFAULT-VALUE})")
    int imageSize;
    @Option(names = "--mean", split = ",", description = "per-channel normalisation mean (default OpenAI CLIP's)")
    double[] mean;
    @Option(names = "--std", split = ",", description = "per-channel normalisation std (default OpenAI CLIP's)")
    double[] std;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--eval-scenes", defaultValue = "500", description = "held-out images for zero-shot accuracy (default ${DEFAULT-VALUE})")
    int evalScenes;
    @Option(names = "--checkpoint-every", defaultValue = "200") long checkpointEvery;

    @Override
    public Integer call() throws Exception {
        PrintStream log = System.err;
        long started = System.nanoTime();
        World world = Worlds.byName(worldName);
        BundleManifest.ClipPreprocessing clip = preprocessing(world);
        ClipPreprocessor preprocessor = ClipPreprocessor.fromManifest(clip);
        ClipTokenizer tokenizer = ClipTokenizer.openDefault();
        ClipTextSpec textSpec = ClipTextSpec.of(textWidth, textLayers, textHeads, embedDim);
        ClipImageTowerSpec imageSpec = imageTower == ImageTower.cnn
                ? new ClipConvImageSpec(imageSize, imageWidth == null ? 16 : imageWidth, imageStages, embedDim)
                : new ClipImageSpec(imageSize, patchSize, imageWidth == null ? 64 : imageWidth, imageLayers, imageHeads, 4, embedDim);
        if (pairs <= 0) {
            throw new IllegalArgumentException("--pairs must be positive, got " + pairs);
        }
        if (steps <= 0) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        long warmup = warmupSteps == null ? steps / 20 : warmupSteps;
        CaptionedPairs data = new CaptionedPairs(world.captionedPairs(pairs, seed), tokenizer, preprocessor);
        Files.createDirectories(output);
        Path checkpointFile = output.resolve(CHECKPOINT);
        List<Double> history = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager();
             ClipTraining training = new ClipTraining(manager, textSpec, imageSpec, data,
                     new ClipTrainingConfig(batchSize, learningRate, seed, warmup,
                             schedule == Schedule.cosine ? steps : 0))) {
            log.printf(Locale.ROOT, "train-clip: %d pairs, batch %d (%d steps per epoch), %d parameters (%d in the token table)%n",
                    pairs, batchSize, training.stepsPerEpoch(), ClipModel.layout(textSpec, imageSpec).parameterCount(),
                    (long) textSpec.vocabSize() * textSpec.width());
            if (Files.exists(checkpointFile)) {
                Checkpoint c = Checkpoint.load(checkpointFile);
                training.restore(c);
                if (c.hasDoubles("history.loss")) {
                    Arrays.stream(c.doubles("history.loss")).forEach(history::add);
                }
                log.println("resuming " + checkpointFile + " at step " + training.stepCount());
            }
            ProgressBar bar = new ProgressBar("train-clip", steps, training.stepCount(), log);
            ClipTraining.StepResult last = null;
            while (training.stepCount() < steps) {
                last = training.step();
                history.add(last.loss());
                bar.update(last.step(), String.format(Locale.ROOT, "epoch %d loss %.4f temperature %.4f",
                        last.epoch() + 1, last.loss(), last.temperature()));
                if (last.step() == steps || last.step() % checkpointEvery == 0) {
                    training.checkpoint().withDoubles("history.loss", toArray(history)).save(checkpointFile);
                    LossCurve.write(output.resolve(LOSS_CURVE), "CLIP contrastive loss", toArray(history));
                }
            }
            World.ZeroShotResult djl = world.zeroShot(new DjlClipEmbedder(training.model(), tokenizer, preprocessor),
                    evalScenes, seed + 1);
            log.println("zero-shot (DJL):  " + djl.summary());

            ClipModel model = training.model();
            facts.put("world", world.name());
            facts.put("pairs", pairs);
            facts.put("steps", training.stepCount());
            facts.put("batchSize", batchSize);
            facts.put("learningRate", learningRate);
            facts.put("warmupSteps", warmup);
            facts.put("schedule", schedule.name());
            facts.put("seed", seed);
            facts.put("finalLoss", history.isEmpty() ? null : history.get(history.size() - 1));
            ClipExport.Spec spec = new ClipExport.Spec(textSpec, imageSpec, clip, model.logitScale().getFloat(), facts);
            Map<String, float[]> weights = model.exportWeights();
            ClipExport.write(output, spec, weights);
            try (OnnxClipEmbedder onnx = OnnxClipEmbedder.open(output.resolve(BundleSignatures.CLIP_TEXT),
                    output.resolve(BundleSignatures.CLIP_IMAGE), tokenizer, preprocessor)) {
                World.ZeroShotResult exported = world.zeroShot(onnx, evalScenes, seed + 1);
                log.println("zero-shot (ONNX): " + exported.summary());
                facts.put("zeroShotScenes", exported.images());
                facts.put("zeroShot", exported.accuracy());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            facts.put("wallSeconds", Math.round(seconds));
            ClipExport.write(output, new ClipExport.Spec(textSpec, imageSpec, clip, spec.logitScale(), facts), weights);
            log.printf(Locale.ROOT, "wrote %s, %s and %s to %s in %.0f s%n", BundleSignatures.CLIP_TEXT,
                    BundleSignatures.CLIP_IMAGE, ClipExport.SPEC_FILE, output, seconds);
        }
        return 0;
    }

    private BundleManifest.ClipPreprocessing preprocessing(World world) {
        if (imageSize != world.imageSize()) {
            log("note: --image-size " + imageSize + " differs from the " + world.name() + " images' " + world.imageSize()
                    + "; images are resized by the CLIP preprocessing");
        }
        return new BundleManifest.ClipPreprocessing(imageSize,
                mean == null ? BundleManifest.ClipPreprocessing.OPENAI_MEAN : triple("--mean", mean),
                std == null ? BundleManifest.ClipPreprocessing.OPENAI_STD : triple("--std", std),
                BundleManifest.ResizeMode.BICUBIC, ClipTokenizer.CONTEXT_LENGTH);
    }

    private static List<Double> triple(String option, double[] values) {
        if (values.length != 3) {
            throw new IllegalArgumentException(option + " needs 3 comma-separated values (R,G,B), got " + Arrays.toString(values));
        }
        return Arrays.stream(values).boxed().toList();
    }

    private static void log(String line) {
        System.err.println(line);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
