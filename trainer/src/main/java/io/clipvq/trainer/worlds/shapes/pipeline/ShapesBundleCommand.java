package io.clipvq.trainer.worlds.shapes.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.trainer.pipeline.ClipCarrierBundle;
import io.clipvq.trainer.pipeline.PipelineStages;
import io.clipvq.trainer.pipeline.PipelineWorkDir;
import io.clipvq.trainer.pipeline.GeneratorOptions;
import io.clipvq.trainer.cli.ExportCommand;
import io.clipvq.trainer.cli.TrainDiffusionCommand;
import io.clipvq.trainer.cli.TrainVqGanCommand;
import io.clipvq.trainer.clip.TrainClipCommand;
import io.clipvq.trainer.eval.EvalCommand;
import io.clipvq.trainer.tokenizer.BuildPaletteCommand;
import io.clipvq.trainer.tokenizer.PaletteTokenizer;
import io.clipvq.trainer.worlds.shapes.ShapeScene;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import io.clipvq.trainer.worlds.shapes.ShapesImage;
import io.clipvq.trainer.worlds.shapes.ShapesPromptsCommand;
import io.clipvq.trainer.worlds.shapes.ShapesSplitWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static io.clipvq.trainer.pipeline.PipelineStages.run;

/**
 * Reproduces the Shapes bundle from nothing by running the trainer's own commands in order: render the image-only
 * split, train the world's CLIP on captioned pairs, build the tokenizer (by default the palette tokenizer, learnt from
 * the image-only split; or train the VQ-GAN) and then train the diffusion decoder on the image-only split (never a caption: the decoder sees CLIP image embeddings only), export the bundle and evaluate it
 * on held-out prompts. Every stage resumes from what an interrupted run left in --work-dir.
 *
 * <p>The defaults are the committed models/shapes bundle's run: a CNN CLIP on 300,000 fresh captioned pairs, the
 * palette tokenizer (16 codes of 8x8 pixels per image, each a mask, an object colour and a background colour) and a
 * factorised-code denoiser trained for 15,000 steps of 64 with pseudo-text noise alpha 0.75 and a cosine learning-rate
 * decay over the last fifth, sampled without guidance (s = 1; {@link ShapesDefaults} says why).
 * models/shapes/eval/README.md has the stage times and what the bundle reaches; run it with OMP_NUM_THREADS=2 and
 * the glibc malloc settings of the README (large tensors otherwise go back to the kernel every step, about 1.5x slower).
 */
@Command(name = "shapes-bundle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce the Shapes bundle from scratch: image-only split -> train-clip -> build-palette (or train-vqgan) -> "
                + "train-diffusion (language-free) -> export -> shapes-prompts -> eval.",
                "Writes the bundle to --out, the eval report to OUT/eval (with pipeline.json: options and seconds per stage)"
                        + " and everything else (data, checkpoints, loss curves) to --work-dir. Set OMP_NUM_THREADS to"
                        + " bound the training threads."})
public final class ShapesBundleCommand implements Callable<Integer> {
    /** The checkpoint names train-vqgan and train-diffusion write into their run folders. */
    static final String VQGAN_CHECKPOINT = PipelineWorkDir.VQGAN_CHECKPOINT;
    static final String DIFFUSION_CHECKPOINT = PipelineWorkDir.DIFFUSION_CHECKPOINT;
    /** The palette tokenizer file build-palette writes into WORK_DIR/palette. */
    static final String PALETTE_FILE = PipelineWorkDir.PALETTE_FILE;

    /** Which image tokenizer the pipeline builds. */
    public enum TokenizerKind { palette, vqgan }

    @Option(names = "--out", required = true, description = "bundle folder to create (absent or empty)") Path out;
    @Option(names = "--work-dir", required = true, description = "data, checkpoints and loss curves; an interrupted run resumes from here")
    Path workDir;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--images", defaultValue = "10000", description = "image-only training images (default ${DEFAULT-VALUE})") int images;

    // 3,000 steps rather than 1,400: the longer-trained CLIP reads shape on generated images far better (ranking AUC
    // 0.75 vs 0.56 on the same candidates), and best-of-16 reranking is only as good as that reading
    @Option(names = "--clip-pairs", defaultValue = "600000", description = "fresh captioned pairs (default ${DEFAULT-VALUE})") int clipPairs;
    @Option(names = "--clip-steps", defaultValue = "3000", description = "(default ${DEFAULT-VALUE})") long clipSteps;
    @Option(names = "--clip-batch-size", defaultValue = "256") int clipBatchSize;
    @Option(names = "--clip-dim", defaultValue = "64", description = "D, the CLIP embedding size (default ${DEFAULT-VALUE})") int clipDim;
    @Option(names = "--clip-text-width", defaultValue = "32",
            description = "text tower width; its 49,408-row token table dominates the bundle's size (default ${DEFAULT-VALUE})")
    int clipTextWidth;
    @Option(names = "--clip-image-width", defaultValue = "16",
            description = "stem channels of the CNN image tower, doubled by each of its 3 stages (default ${DEFAULT-VALUE})")
    int clipImageWidth;
    @Option(names = "--clip-eval-scenes", defaultValue = "500") int clipEvalScenes;

    @Option(names = "--tokenizer", defaultValue = "palette",
            description = "palette (default: masks x colours per patch, learnt from the image-only split, exact) or vqgan")
    TokenizerKind tokenizer;
    @Option(names = "--palette-grid", defaultValue = "4", description = "palette tokenizer codes per side (32 / grid = patch side)")
    int paletteGrid;

    @Option(names = "--vqgan-steps", defaultValue = "1000") long vqganSteps;
    @Option(names = "--code-grid", defaultValue = "8", description = "codes per side (32 / grid = patch side)") int codeGrid;
    @Option(names = "--codebook-size", defaultValue = "512") int codebookSize;
    @Option(names = "--code-dim", defaultValue = "32") int codeDim;
    @Option(names = "--vqgan-channels", defaultValue = "32") int vqganChannels;
    @Option(names = "--vqgan-batch-size", defaultValue = "16") int vqganBatchSize;
    @Option(names = "--vqgan-learning-rate", defaultValue = "5e-4") double vqganLearningRate;
    @Option(names = "--disc-start", defaultValue = "1000000000",
            description = "VQ-GAN step where the adversarial loss starts (default: never; flat colours need no GAN)")
    long discStart;

    @Option(names = "--tokenizer-check-images", defaultValue = "512",
            description = "held-out scenes reconstructed through the tokenizer and read by the checker (default ${DEFAULT-VALUE})")
    int tokenizerCheckImages;

    @Option(names = "--diffusion-steps", defaultValue = "15000") long diffusionSteps;
    @CommandLine.Mixin
    GeneratorOptions generator = new GeneratorOptions();

    @Option(names = "--bundle-version", defaultValue = ShapesDefaults.BUNDLE_VERSION,
            description = "the exported bundle's version (bump it when the model changes: workers cache by name:version)")
    String bundleVersion;
    @Option(names = "--eval-per-composition", defaultValue = "2", description = "held-out prompts per colour-shape pair (24 pairs)")
    int evalPerComposition;
    @Option(names = "--eval-real-images", defaultValue = "512") int evalRealImages;
    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads for the evaluation") int threads;
    @Option(names = "--skip-eval", description = "stop after the export") boolean skipEval;

    @Override
    public Integer call() throws Exception {
        PipelineStages.requireEmptyOut(spec.commandLine(), out);
        Map<String, Object> stages = new LinkedHashMap<>();
        Map<String, Object> record = new LinkedHashMap<>();
        Files.createDirectories(workDir);
        Path imageOnly = workDir.resolve(PipelineWorkDir.IMAGE_ONLY);
        Path clipDir = workDir.resolve(PipelineWorkDir.CLIP_RUN);
        Path clipBundle = workDir.resolve(PipelineWorkDir.CLIP_BUNDLE);
        Path vqganDir = workDir.resolve(PipelineWorkDir.VQGAN_RUN);
        Path paletteFile = workDir.resolve(PipelineWorkDir.PALETTE_RUN).resolve(PALETTE_FILE);
        String[] tokenizerOption = tokenizer == TokenizerKind.palette
                ? new String[] {"--tokenizer", paletteFile.toString()}
                : new String[] {"--vqgan", vqganDir.resolve(VQGAN_CHECKPOINT).toString()};
        Path diffusionDir = workDir.resolve(PipelineWorkDir.DIFFUSION_RUN);
        Path prompts = workDir.resolve(PipelineWorkDir.PROMPTS);

        stage(stages, "render", () -> {
            if (!Files.isDirectory(imageOnly)) {
                ShapesDataset dataset = ShapesDataset.builder().optSeed(seed).build();
                new ShapesSplitWriter(System.err, Math.max(1, images / 10)).writeImageOnly(dataset.imageOnly(images), imageOnly);
            }
        });
        stage(stages, "train-clip", () -> run(new TrainClipCommand(), "--output", clipDir.toString(),
                "--pairs", clipPairs, "--steps", clipSteps, "--batch-size", clipBatchSize, "--embed-dim", clipDim,
                "--text-width", clipTextWidth, "--image-width", clipImageWidth, "--eval-scenes", clipEvalScenes, "--seed", seed));
        stage(stages, "clip-bundle", () -> {
            if (!Files.isDirectory(clipBundle)) {
                ClipCarrierBundle.write(clipDir, clipBundle);
            }
        });
        if (tokenizer == TokenizerKind.palette) {
            stage(stages, "build-palette", () -> {
                if (!Files.exists(paletteFile)) {
                    run(new BuildPaletteCommand(), "--images", imageOnly.toString(), "--out", paletteFile.toString(),
                            "--image-size", ShapesImage.SIZE, "--grid", paletteGrid);
                }
            });
        } else {
            stage(stages, "train-vqgan", () -> run(new TrainVqGanCommand(), "--images", imageOnly.toString(),
                    "--run-dir", vqganDir.toString(), "--steps", vqganSteps, "--code-grid", codeGrid,
                    "--codebook-size", codebookSize, "--code-dim", codeDim, "--channels", vqganChannels,
                    "--batch-size", vqganBatchSize, "--learning-rate", vqganLearningRate, "--disc-start", discStart,
                    "--seed", seed, "--sample-every", Math.max(1, vqganSteps / 5), "--checkpoint-every", Math.max(1, vqganSteps / 10)));
        }
        stage(stages, "tokenizer-check", () -> {
            List<ShapeScene> scenes = ShapesDataset.builder().optSeed(seed + 2).build().captioned(tokenizerCheckImages)
                    .stream().map(ShapesDataset.CaptionedScene::scene).toList();
            TokenizerCheck.Result check = tokenizer == TokenizerKind.palette
                    ? TokenizerCheck.measure(PaletteTokenizer.load(paletteFile), scenes)
                    : TokenizerCheck.measure(vqganDir.resolve(VQGAN_CHECKPOINT), scenes);
            System.err.println("tokenizer check: " + check.summary());
            record.put("tokenizerCheck", check);
        });
        stage(stages, "train-diffusion", () -> {
            List<Object> args = generator.trainDiffusionArgs(diffusionSteps);
            args.addAll(List.of("--images", imageOnly.toString(), tokenizerOption[0], tokenizerOption[1],
                    "--clip-bundle", clipBundle.toString(), "--run-dir", diffusionDir.toString(), "--seed", seed));
            run(new TrainDiffusionCommand(), args.toArray());
        });
        stage(stages, "export", () -> {
            List<Object> args = generator.exportSamplingArgs(ShapesDefaults.NEAR_DUPLICATE_COSINE,
                    ShapesDefaults.SCORE_MARGIN);
            args.addAll(List.of(tokenizerOption[0], tokenizerOption[1],
                    "--diffusion", diffusionDir.resolve(DIFFUSION_CHECKPOINT).toString(),
                    "--clip-bundle", clipBundle.toString(), "--out", out.toString(), "--name", "shapes", "--version", bundleVersion,
                    // int8 is the default: as accurate as fp32 on the Shapes eval (models/shapes/eval/int8/)
                    "--int8", "--default-denoiser", "int8"));
            run(new ExportCommand(), args.toArray());
        });
        BundleLoader.load(out);
        if (!skipEval) {
            stage(stages, "shapes-prompts", () -> run(new ShapesPromptsCommand(), "--per-composition", evalPerComposition,
                    "--seed", seed + 1, "--out", prompts.toString()));
            stage(stages, "eval", () -> run(new EvalCommand(), "--bundle", out.toString(), "--prompts", prompts.toString(),
                    "--out", out.resolve("eval").toString(), "--candidates", generator.candidates(), "--threads", threads,
                    "--real-images", evalRealImages, "--seed", seed));
        }
        record.put("command", commandLine());
        record.put("stageSeconds", stages);
        Path recordFile = (skipEval ? workDir : out.resolve("eval")).resolve("pipeline.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(recordFile.toFile(), record);
        System.err.println("shapes-bundle: wrote " + out + "; stage seconds " + stages);
        return 0;
    }

    private static void stage(Map<String, Object> seconds, String name, PipelineStages.Stage stage) throws Exception {
        PipelineStages.stage("shapes-bundle:", seconds, name, stage);
    }

    /** This command's name and options as given; run through TrainerCli, the original arguments already name it. */
    private List<String> commandLine() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int name = original.indexOf(spec.name());
        List<String> line = new ArrayList<>(List.of(spec.name()));
        line.addAll(original.subList(name + 1, original.size()));
        return line;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
}
