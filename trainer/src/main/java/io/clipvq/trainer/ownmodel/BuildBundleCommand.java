package io.clipvq.trainer.ownmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.trainer.cli.ExportCommand;
import io.clipvq.trainer.cli.PipelineCommand;
import io.clipvq.trainer.cli.TrainDiffusionCommand;
import io.clipvq.trainer.cli.TrainVqGanCommand;
import io.clipvq.trainer.clipimport.ImportedClip;
import io.clipvq.trainer.eval.EvalCommand;
import io.clipvq.trainer.pipeline.ClipCarrierBundle;
import io.clipvq.trainer.pipeline.GeneratorOptions;
import io.clipvq.trainer.pipeline.PipelineStages;
import io.clipvq.trainer.pipeline.PipelineWorkDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static io.clipvq.trainer.pipeline.PipelineStages.run;

/**
 * {@code trainer build-bundle}: from a folder of images and an imported CLIP to a bundle the worker serves, every
 * stage of the paper's language-free pipeline (docs/own-model.md): the images prepared at one size, a Gumbel VQ-GAN,
 * the generator trained on CLIP image embeddings with pseudo-text noise, export, and an eval on the user's prompts.
 * Sizes are chosen from the folder ({@link FolderPlan}) unless given. Each stage leaves a marker in --work-dir when
 * done and the training stages resume from their checkpoints, so an interrupted run continues where it stopped;
 * the training stages are timed on a sample first ({@link StageEstimate}) and show a progress bar.
 */
@Command(name = "build-bundle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a model bundle from a folder of images (PNG/JPEG) and a CLIP imported by import-clip: "
                + "prepare images -> CLIP -> train-vqgan -> train-diffusion (language-free) -> export -> eval.",
                "Sizes and training lengths are chosen from the folder; every option below overrides one. Resumes "
                        + "from --work-dir after an interruption."})
public final class BuildBundleCommand implements Callable<Integer>, PipelineCommand {
    static final String STAGES = "stages";
    static final String IMAGES = "images";
    static final String RECORD = "build-bundle.json";
    static final int SAMPLE_IMAGES = 16;
    static final long PROBE_NEVER = 1_000_000_000L;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of PNG/JPEG images")
    Path images;
    @Option(names = "--clip", required = true, paramLabel = "DIR", description = "a CLIP imported by import-clip")
    Path clip;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "bundle folder to create (absent or empty)")
    Path out;
    @Option(names = "--work-dir", required = true, paramLabel = "DIR",
            description = "prepared images, checkpoints, loss curves; an interrupted run resumes from here")
    Path workDir;
    @Option(names = "--name", description = "model name (default: the image folder's name)") String name;
    @Option(names = "--bundle-version", defaultValue = "0.1.0") String bundleVersion;
    @Option(names = "--prompts", paramLabel = "FILE", description = "prompts to evaluate the bundle on, one per line")
    Path prompts;

    @Option(names = "--image-size", description = "S (default: chosen from the folder)") Integer imageSize;
    @Option(names = "--code-grid", description = "h = w of the code grid (default: S / 4, or S / 8 above 64)") Integer codeGrid;
    @Option(names = "--codebook-size", description = "K (default: from the number of images)") Integer codebookSize;
    @Option(names = "--vqgan-steps", description = "(default: about 5 epochs)") Long vqganSteps;
    @Option(names = "--diffusion-steps", description = "(default: about 15 epochs)") Long diffusionSteps;
    @Option(names = "--vqgan-batch-size", defaultValue = "16") int vqganBatchSize;
    @Option(names = "--vqgan-channels", description = "(default: 32 up to 32 pixels, else 64)") Integer vqganChannels;
    @Option(names = "--code-dim", defaultValue = "32") int codeDim;
    @CommandLine.Mixin
    GeneratorOptions generator = new GeneratorOptions();
    @Option(names = "--seed", defaultValue = "0") long seed;
    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime threads for the eval") int threads;
    @Option(names = "--no-estimates", description = "start each training stage without timing it on a sample first")
    boolean noEstimates;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, Object> stageSeconds = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PipelineStages.requireEmptyOut(spec.commandLine(), out);
        ImportedClip.read(clip).verify(clip);
        FolderPlan plan = FolderPlan.of(images).override(imageSize, codeGrid, codebookSize, vqganSteps, diffusionSteps);
        String modelName = name != null ? name : modelName(images);
        int channels = vqganChannels != null ? vqganChannels : plan.imageSize() <= 32 ? 32 : 64;
        System.err.println("build-bundle: " + plan.describe());

        Files.createDirectories(workDir.resolve(STAGES));
        Path prepared = workDir.resolve(IMAGES);
        Path clipBundle = workDir.resolve(PipelineWorkDir.CLIP_BUNDLE);
        Path vqganDir = workDir.resolve(PipelineWorkDir.VQGAN_RUN);
        Path vqgan = vqganDir.resolve(PipelineWorkDir.VQGAN_CHECKPOINT);
        Path diffusionDir = workDir.resolve(PipelineWorkDir.DIFFUSION_RUN);
        Path sample = workDir.resolve("sample-images");

        stage("prepare-images", () -> PreparedImages.write(plan.files(), plan.imageSize(), prepared));
        stage("clip", () -> {
            if (!Files.isDirectory(clipBundle)) {
                ClipCarrierBundle.fromImported(clip, clipBundle);
            }
        });
        Map<String, String> estimates = new LinkedHashMap<>();
        stage("train-vqgan", () -> {
            PreparedImages.sample(prepared, SAMPLE_IMAGES, sample);
            estimate("train-vqgan", plan.vqganSteps(), estimates, (steps, dir) -> run(new TrainVqGanCommand(),
                    probe(vqganArgs(plan, channels, sample, dir, steps), false).toArray()));
            run(new TrainVqGanCommand(), vqganArgs(plan, channels, prepared, vqganDir, plan.vqganSteps()).toArray());
        });
        stage("train-diffusion", () -> {
            estimate("train-diffusion", plan.diffusionSteps(), estimates, (steps, dir) -> run(new TrainDiffusionCommand(),
                    probe(diffusionArgs(sample, vqgan, clipBundle, dir, steps), true).toArray()));
            run(new TrainDiffusionCommand(),
                    diffusionArgs(prepared, vqgan, clipBundle, diffusionDir, plan.diffusionSteps()).toArray());
        });
        stage("export", () -> {
            if (!Files.exists(out.resolve("manifest.json"))) {
                List<Object> args = generator.exportSamplingArgs();
                args.addAll(List.of("--vqgan", vqgan.toString(), "--diffusion",
                        diffusionDir.resolve(PipelineWorkDir.DIFFUSION_CHECKPOINT).toString(), "--clip-bundle",
                        clipBundle.toString(), "--out", out.toString(), "--name", modelName, "--version", bundleVersion));
                run(new ExportCommand(), args.toArray());
            }
        });
        BundleManifest manifest = BundleLoader.load(out).manifest();
        JsonNode metrics = null;
        if (prompts != null) {
            Path evalDir = out.resolve("eval");
            stage("eval", () -> run(new EvalCommand(), "--bundle", out.toString(), "--prompts", prompts.toString(),
                    "--out", evalDir.toString(), "--candidates", generator.candidates(), "--threads", threads,
                    "--seed", seed));
            metrics = new ObjectMapper().readTree(evalDir.resolve("metrics.json").toFile());
        }
        writeRecord(plan, manifest, estimates, metrics);
        printSummary(plan, manifest, metrics);
        return 0;
    }

    private List<Object> vqganArgs(FolderPlan plan, int channels, Path imageDir, Path runDir, long steps) {
        return new ArrayList<>(List.of("--images", imageDir.toString(), "--run-dir", runDir.toString(),
                "--steps", steps, "--image-size", plan.imageSize(), "--code-grid", plan.codeGrid(),
                "--codebook-size", plan.codebookSize(), "--code-dim", codeDim, "--channels", channels,
                "--batch-size", vqganBatchSize, "--disc-start", Math.max(1, steps * 3 / 5), "--seed", seed,
                "--sample-every", Math.max(1, steps / 5), "--checkpoint-every", Math.max(1, steps / 20)));
    }

    private List<Object> diffusionArgs(Path imageDir, Path vqgan, Path clipBundle, Path runDir, long steps) {
        List<Object> args = generator.trainDiffusionArgs(steps);
        args.addAll(List.of("--images", imageDir.toString(), "--vqgan", vqgan.toString(), "--clip-bundle",
                clipBundle.toString(), "--run-dir", runDir.toString(), "--seed", seed));
        return args;
    }

    /**
     * A timing run's options: pictures and checkpoints only at its last step (as in the other timing run, so they
     * cancel out), and one sample picture instead of eight (the generator's samples take minutes at full size).
     */
    static List<Object> probe(List<Object> args, boolean generator) {
        List<Object> probe = new ArrayList<>(args);
        set(probe, "--sample-every", PROBE_NEVER);
        set(probe, "--checkpoint-every", PROBE_NEVER);
        if (generator) {
            set(probe, "--sample-count", 1);
        }
        return probe;
    }

    private static void set(List<Object> args, String option, Object value) {
        int at = args.indexOf(option);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.add(option);
            args.add(value);
        }
    }

    /** Runs a stage unless its marker says it is done; records its seconds. */
    private void stage(String stageName, PipelineStages.Stage work) throws Exception {
        Path marker = workDir.resolve(STAGES).resolve(stageName + ".done");
        if (Files.exists(marker)) {
            System.err.println("== build-bundle " + stageName + ": done in an earlier run");
            return;
        }
        PipelineStages.stage("build-bundle", stageSeconds, stageName, work);
        Files.writeString(marker, stageSeconds.get(stageName) + " s\n");
    }

    private void estimate(String stageName, long steps, Map<String, String> estimates, StageEstimate.Probe probe)
            throws Exception {
        if (noEstimates) {
            return;
        }
        System.err.printf(Locale.ROOT, "== build-bundle %s: timing %d and %d steps on %d images first%n", stageName,
                StageEstimate.SHORT, StageEstimate.LONG, SAMPLE_IMAGES);
        double perStep = StageEstimate.secondsPerStep(probe, workDir.resolve("estimate-" + stageName));
        String estimate = StageEstimate.describe(steps, perStep);
        estimates.put(stageName, estimate);
        System.err.println("== build-bundle " + stageName + ": " + estimate);
    }

    private void writeRecord(FolderPlan plan, BundleManifest manifest, Map<String, String> estimates, JsonNode metrics)
            throws java.io.IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("command", spec.commandLine().getParseResult().originalArgs());
        record.put("plan", Map.of("images", plan.files().size(), "medianShortSide", plan.medianShortSide(),
                "imageSize", plan.imageSize(), "codeGrid", plan.codeGrid(), "codebookSize", plan.codebookSize(),
                "vqganSteps", plan.vqganSteps(), "diffusionSteps", plan.diffusionSteps()));
        record.put("model", manifest.name() + ":" + manifest.version());
        record.put("estimates", estimates);
        record.put("stageSeconds", stageSeconds);
        if (metrics != null) {
            record.put("eval", metrics);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(workDir.resolve(RECORD).toFile(), record);
    }

    private void printSummary(FolderPlan plan, BundleManifest manifest, JsonNode metrics) {
        System.out.println("built " + manifest.name() + ":" + manifest.version() + " in " + out);
        System.out.println("  from   " + plan.describe());
        System.out.println("  CLIP   " + clip + " (D = " + manifest.clipDim() + ", " + manifest.clip().imageSize()
                + "-pixel images)");
        System.out.println("  stages " + stageSeconds + " (seconds; stages done in an earlier run are not listed)");
        if (metrics != null) {
            System.out.println("  eval   " + out.resolve("eval") + " (report.md; mean CLIP score "
                    + metrics.path("clip_score").path("mean").asText("?") + ")");
        }
        System.out.println("  record " + workDir.resolve(RECORD));
        System.out.println("serve it: put " + out + " under the worker's CLIPVQ_MODEL_BUNDLE_DIR (or upload it under "
                + "CLIPVQ_MODEL_BUNDLE_S3_PREFIX), then submit jobs with -m " + manifest.name());
    }

    /** The folder's name as a model name: lower case, other characters as '-', at most 64. */
    static String modelName(Path folder) {
        String base = folder.toAbsolutePath().normalize().getFileName() == null ? "model"
                : folder.toAbsolutePath().normalize().getFileName().toString();
        String cleaned = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        cleaned = cleaned.isEmpty() ? "model" : cleaned;
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
