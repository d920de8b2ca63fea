package io.clipvq.trainer.worlds.fashionmnist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.trainer.cli.ExportCommand;
import io.clipvq.trainer.cli.TrainDiffusionCommand;
import io.clipvq.trainer.cli.TrainVqGanCommand;
import io.clipvq.trainer.clip.TrainClipCommand;
import io.clipvq.trainer.eval.EvalCommand;
import io.clipvq.trainer.pipeline.ClipCarrierBundle;
import io.clipvq.trainer.pipeline.PipelineStages;
import io.clipvq.trainer.pipeline.PipelineWorkDir;
import io.clipvq.trainer.pipeline.GeneratorOptions;
import io.clipvq.trainer.tokenizer.VqGanTokenizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static io.clipvq.trainer.pipeline.PipelineStages.run;

/**
 * Builds the Fashion-MNIST bundle from the dataset files by running the trainer's own commands in order, the paper's
 * whole pipeline on real photographs (docs/worlds.md): the image-only split as PNGs; a small CLIP trained on the
 * captioned split only; a Gumbel VQ-GAN trained on the image-only split; the tokenizer check on real test images;
 * the generator trained language-free on the image-only split (CLIP image embeddings with pseudo-text noise, null
 * condition for guidance); export; held-out prompts; eval. Every stage resumes from what an interrupted run left in
 * --work-dir. Run it with the README's OMP_NUM_THREADS and glibc malloc settings.
 */
@Command(name = "fashion-mnist-bundle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build the Fashion-MNIST bundle from scratch: image-only split -> train-clip -> train-vqgan -> "
                + "tokenizer check -> train-diffusion (language-free) -> export -> fashion-mnist-prompts -> eval.",
                "Writes the bundle to --out, the eval report to OUT/eval (with pipeline.json) and everything else to --work-dir."})
public final class FashionBundleCommand implements Callable<Integer> {
    static final String VQGAN_CHECKPOINT = PipelineWorkDir.VQGAN_CHECKPOINT;
    static final String DIFFUSION_CHECKPOINT = PipelineWorkDir.DIFFUSION_CHECKPOINT;

    @Option(names = "--out", required = true, description = "bundle folder to create (absent or empty)") Path out;
    @Option(names = "--work-dir", required = true, description = "data, checkpoints and loss curves; an interrupted run resumes from here")
    Path workDir;
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--bundle-version", defaultValue = "0.1.0") String bundleVersion;

    @Option(names = "--clip-pairs", defaultValue = "60000", description = "captioned pairs: each of the 30,000 images with fresh captions (default ${DEFAULT-VALUE})")
    int clipPairs;
    @Option(names = "--clip-steps", defaultValue = "1200", description = "about 5 epochs of the 60,000 pairs (default ${DEFAULT-VALUE})") long clipSteps;
    @Option(names = "--clip-batch-size", defaultValue = "256") int clipBatchSize;
    @Option(names = "--clip-dim", defaultValue = "64") int clipDim;
    @Option(names = "--clip-text-width", defaultValue = "32") int clipTextWidth;
    @Option(names = "--clip-image-width", defaultValue = "16") int clipImageWidth;

    @Option(names = "--vqgan-steps", defaultValue = "2000") long vqganSteps;
    @Option(names = "--code-grid", defaultValue = "8") int codeGrid;
    @Option(names = "--codebook-size", defaultValue = "512") int codebookSize;
    @Option(names = "--code-dim", defaultValue = "32") int codeDim;
    @Option(names = "--vqgan-channels", defaultValue = "32") int vqganChannels;
    @Option(names = "--vqgan-batch-size", defaultValue = "16") int vqganBatchSize;
    @Option(names = "--vqgan-learning-rate", defaultValue = "5e-4") double vqganLearningRate;
    @Option(names = "--disc-start", defaultValue = "1200", description = "VQ-GAN step where the hinge PatchGAN loss starts (default ${DEFAULT-VALUE})")
    long discStart;
    @Option(names = "--tokenizer-check-images", defaultValue = "2000") int tokenizerCheckImages;

    @Option(names = "--diffusion-steps", defaultValue = "6000", description = "about 13 epochs of the image-only split at batch 64 (default ${DEFAULT-VALUE})") long diffusionSteps;
    @CommandLine.Mixin
    GeneratorOptions generator = new GeneratorOptions();

    @Option(names = "--eval-per-class", defaultValue = "20") int evalPerClass;
    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads for the evaluation") int threads;
    @Option(names = "--skip-eval", description = "stop after the export") boolean skipEval;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PipelineStages.requireEmptyOut(spec.commandLine(), out);
        FashionMnistWorld world = new FashionMnistWorld();
        Map<String, Object> stages = new LinkedHashMap<>();
        Map<String, Object> record = new LinkedHashMap<>();
        Files.createDirectories(workDir);
        Path imageOnly = workDir.resolve(PipelineWorkDir.IMAGE_ONLY);
        Path clipDir = workDir.resolve(PipelineWorkDir.CLIP_RUN);
        Path clipBundle = workDir.resolve(PipelineWorkDir.CLIP_BUNDLE);
        Path vqganDir = workDir.resolve(PipelineWorkDir.VQGAN_RUN);
        Path vqgan = vqganDir.resolve(VQGAN_CHECKPOINT);
        Path diffusionDir = workDir.resolve(PipelineWorkDir.DIFFUSION_RUN);
        Path cache = workDir.resolve(PipelineWorkDir.CACHE);
        Path prompts = workDir.resolve(PipelineWorkDir.PROMPTS);

        stage(stages, "split", () -> {
            if (!Files.isDirectory(imageOnly)) {
                Path partial = workDir.resolve("image-only.partial");
                FashionSplitCommand.writeImageOnly(world.data(), world.data().imageOnlyCount(), partial);
                Files.move(partial, imageOnly);
            }
        });
        stage(stages, "train-clip", () -> run(new TrainClipCommand(), "--world", FashionMnistWorld.NAME,
                "--output", clipDir.toString(), "--pairs", clipPairs, "--steps", clipSteps, "--batch-size", clipBatchSize,
                "--embed-dim", clipDim, "--text-width", clipTextWidth, "--image-width", clipImageWidth,
                "--eval-scenes", 1000, "--seed", seed));
        stage(stages, "clip-bundle", () -> {
            if (!Files.isDirectory(clipBundle)) {
                ClipCarrierBundle.write(clipDir, clipBundle);
            }
        });
        stage(stages, "train-vqgan", () -> run(new TrainVqGanCommand(), "--images", imageOnly.toString(),
                "--run-dir", vqganDir.toString(), "--steps", vqganSteps, "--code-grid", codeGrid,
                "--codebook-size", codebookSize, "--code-dim", codeDim, "--channels", vqganChannels,
                "--batch-size", vqganBatchSize, "--learning-rate", vqganLearningRate, "--disc-start", discStart,
                "--seed", seed, "--sample-every", 500, "--checkpoint-every", 250));
        stage(stages, "tokenizer-check", () -> {
            try (VqGanTokenizer tokenizer = VqGanTokenizer.load(vqgan);
                 FashionClassifier classifier = world.classifier(cache)) {
                FashionTokenizerCheck.Result check = FashionTokenizerCheck.measure(tokenizer, world.data(), classifier,
                        tokenizerCheckImages);
                System.err.println("tokenizer check: " + check.summary());
                record.put("tokenizerCheck", check);
            }
        });
        stage(stages, "train-diffusion", () -> {
            List<Object> args = generator.trainDiffusionArgs(diffusionSteps);
            args.addAll(List.of("--images", imageOnly.toString(), "--vqgan", vqgan.toString(),
                    "--clip-bundle", clipBundle.toString(), "--run-dir", diffusionDir.toString(), "--seed", seed));
            run(new TrainDiffusionCommand(), args.toArray());
        });
        stage(stages, "export", () -> {
            List<Object> args = generator.exportSamplingArgs();
            args.addAll(List.of("--vqgan", vqgan.toString(), "--diffusion", diffusionDir.resolve(DIFFUSION_CHECKPOINT).toString(),
                    "--clip-bundle", clipBundle.toString(), "--out", out.toString(), "--name", FashionMnistWorld.NAME,
                    "--version", bundleVersion));
            run(new ExportCommand(), args.toArray());
        });
        BundleLoader.load(out);
        if (!skipEval) {
            stage(stages, "fashion-mnist-prompts", () -> run(new FashionPromptsCommand(), "--per-class", evalPerClass,
                    "--seed", seed + 1, "--out", prompts.toString()));
            stage(stages, "eval", () -> run(new EvalCommand(), "--bundle", out.toString(), "--prompts", prompts.toString(),
                    "--out", out.resolve("eval").toString(), "--candidates", generator.candidates(), "--threads", threads,
                    "--world", FashionMnistWorld.NAME, "--cache-dir", cache.toString(), "--seed", seed));
        }
        record.put("command", spec.commandLine().getParseResult().originalArgs());
        record.put("stageSeconds", stages);
        Path recordFile = (skipEval ? workDir : out.resolve("eval")).resolve("pipeline.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(recordFile.toFile(), record);
        System.err.println("fashion-mnist-bundle: wrote " + out + "; stage seconds " + stages);
        return 0;
    }

    private static void stage(Map<String, Object> seconds, String name, PipelineStages.Stage stage) throws Exception {
        PipelineStages.stage("fashion-mnist-bundle:", seconds, name, stage);
    }
}
