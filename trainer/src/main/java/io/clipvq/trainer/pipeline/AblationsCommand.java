package io.clipvq.trainer.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.cli.ExportCommand;
import io.clipvq.trainer.cli.TrainDiffusionCommand;
import io.clipvq.trainer.eval.AblationReport;
import io.clipvq.trainer.eval.EvalCommand;
import io.clipvq.trainer.worlds.World;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static io.clipvq.trainer.pipeline.PipelineStages.run;

/**
 * The paper's Table 2 / Figure 7 on one world, registered as {@code <world>-ablations}: trains the diffusion decoder language-free for each alpha and
 * once paired (conditioned on the CLIP text embeddings of captions of the same images: the upper bound), all on one
 * short schedule, exports each as a bundle, evaluates each on the same held-out prompts with the same seed, sweeps
 * guidance and truncation on chosen alphas, and writes one Markdown report. Reuses a world pipeline's work dir (its
 * image-only split, CLIP bundle, tokenizer and prompts); the world writes the prompts and the paired captions and
 * scores the images. Every run resumes or is skipped when its output exists.
 */
@Command(name = "ablations", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ablations on a world pipeline's work dir (shapes-bundle, fashion-mnist-bundle): language-free"
                + " training for each --alphas value and the paired upper bound (train-diffusion --captions with the"
                + " world's captions of the image-only split), one short schedule for all; export, eval on the same"
                + " prompts, guidance and truncation sweeps.",
                "Writes OUT/ablation.md (CLIP score, FD, the world's own measures, language-free / paired CLIP score)"
                        + " and OUT/ablations.json; an interrupted run resumes from OUT."})
public final class AblationsCommand implements Callable<Integer> {
    /** The label of the paired run, the reference of the CLIP score ratio. */
    static final String PAIRED = "paired";

    private final World world;

    @Option(names = "--work-dir", required = true, description = "the world pipeline's --work-dir (image-only/, clip-bundle/, the tokenizer, prompts.jsonl)")
    Path workDir;
    @Option(names = "--out", description = "ablation folder (default WORK_DIR/ablations); an interrupted run resumes from here")
    Path out;
    @Option(names = "--tokenizer-args", paramLabel = "ARGS",
            description = "the options naming the image tokenizer, given as they are to train-diffusion and export, split at"
                    + " spaces, e.g. \"--tokenizer W/palette/palette.bin\" (default: WORK_DIR's palette/palette.bin or"
                    + " vqgan/vqgan.ckpt, whichever exists)")
    String tokenizerArgs;
    @Option(names = "--train-args", paramLabel = "ARGS", defaultValue = "",
            description = "further train-diffusion options for every run, split at spaces (e.g. denoiser variants)")
    String trainArgs;

    @Option(names = "--steps", defaultValue = "600", description = "training steps of every run (default ${DEFAULT-VALUE})") long steps;
    @Option(names = "--batch-size", defaultValue = GeneratorDefaults.BATCH_SIZE, description = "(default ${DEFAULT-VALUE}, as the pipelines)") int batchSize;
    @Option(names = "--layers", defaultValue = GeneratorDefaults.LAYERS, description = "denoiser layers (default ${DEFAULT-VALUE})") int layers;
    @Option(names = "--width", defaultValue = GeneratorDefaults.WIDTH, description = "denoiser width (default ${DEFAULT-VALUE})") int width;
    @Option(names = "--heads", defaultValue = GeneratorDefaults.HEADS, description = "(default ${DEFAULT-VALUE})") int heads;
    @Option(names = "--timesteps", defaultValue = GeneratorDefaults.TIMESTEPS, description = "T (default ${DEFAULT-VALUE})") int timesteps;
    @Option(names = "--learning-rate", defaultValue = GeneratorDefaults.LEARNING_RATE, description = "(default ${DEFAULT-VALUE}, as the pipelines)") double learningRate;
    @Option(names = "--null-probability", defaultValue = GeneratorDefaults.NULL_PROBABILITY, description = "(default ${DEFAULT-VALUE})") double nullProbability;
    @Option(names = "--ema-decay", defaultValue = GeneratorDefaults.EMA_DECAY, description = "(default ${DEFAULT-VALUE})") double emaDecay;
    @Option(names = "--decay-fraction", defaultValue = GeneratorDefaults.DECAY_FRACTION,
            description = "share of the steps over which the learning rate falls to 0 (default ${DEFAULT-VALUE}, as the pipelines)")
    double decayFraction;
    @Option(names = "--max-grad-norm", defaultValue = GeneratorDefaults.MAX_GRAD_NORM,
            description = "the diffusion gradient norm is clipped to this before each update (default ${DEFAULT-VALUE})")
    double maxGradNorm;
    @Option(names = "--seed", defaultValue = "0", description = "training and eval seed, the same for every run") long seed;
    @Option(names = "--bundle-version", defaultValue = "0.1.0", description = "version of the exported ablation bundles (default ${DEFAULT-VALUE})")
    String bundleVersion;

    @Option(names = "--alphas", split = ",", defaultValue = "0,0.25,0.5," + GeneratorDefaults.ALPHA, description = "language-free runs (default ${DEFAULT-VALUE})")
    List<Double> alphas;
    @Option(names = "--paired-alpha", defaultValue = "0", description = "pseudo-text noise of the paired run (default ${DEFAULT-VALUE}: none)")
    double pairedAlpha;
    @Option(names = "--paired", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "train and evaluate the paired upper bound; --no-paired leaves it out (default: yes)")
    boolean paired;
    @Option(names = "--caption-seed", defaultValue = "0", description = "seed of the paired run's captions (default ${DEFAULT-VALUE})") long captionSeed;

    @Option(names = "--guidance-scale", defaultValue = GeneratorDefaults.GUIDANCE_SCALE, description = "s of the bundles and of the main evals (default ${DEFAULT-VALUE})") double guidanceScale;
    @Option(names = "--truncation", defaultValue = GeneratorDefaults.TRUNCATION, description = "r of the bundles and of the main evals (default ${DEFAULT-VALUE})") double truncation;
    @Option(names = "--sweep-alphas", split = ",", defaultValue = GeneratorDefaults.ALPHA,
            description = "language-free runs that also get the guidance and truncation sweeps (default ${DEFAULT-VALUE})")
    List<Double> sweepAlphas;
    @Option(names = "--sweep-guidance", split = ",", defaultValue = "1,1.5,3",
            description = "guidance scales of the sweep, at --truncation (default ${DEFAULT-VALUE})") List<Double> sweepGuidance;
    @Option(names = "--sweep-truncation", split = ",", defaultValue = "0.85,0.9,1.0",
            description = "truncations of the sweep, at --guidance-scale (default ${DEFAULT-VALUE})") List<Double> sweepTruncation;

    @Option(names = "--prompts", description = "held-out prompt file (default WORK_DIR/prompts.jsonl, written by the world when absent)")
    Path prompts;
    @Option(names = "--candidates", defaultValue = "16", description = "best-of-N of the evals (default ${DEFAULT-VALUE})") int candidates;
    @Option(names = "--eval-steps", description = "sampling steps of the evals (default: T)") Integer evalSteps;
    @Option(names = "--eval-real-images", defaultValue = "512", description = "real images of the world for the eval's CLIP-embedding Frechet distance (default ${DEFAULT-VALUE})")
    int evalRealImages;
    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads for the evaluations") int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The ablations of {@code world}; {@link #forWorld} names the command after it. */
    public AblationsCommand(World world) {
        this.world = world;
    }

    /** The command {@code <world>-ablations}, for {@link World#commands()}. */
    public static CommandLine forWorld(World world) {
        return new CommandLine(new AblationsCommand(world)).setCommandName(world.name() + "-ablations");
    }

    /** One trained generator. */
    record Run(String name, String label, double alpha, boolean paired) {
    }

    @Override
    public Integer call() throws Exception {
        Path outDir = out != null ? out : workDir.resolve("ablations");
        Path imageOnly = workDir.resolve(PipelineWorkDir.IMAGE_ONLY);
        Path clipBundle = workDir.resolve(PipelineWorkDir.CLIP_BUNDLE);
        Path promptFile = prompts != null ? prompts : workDir.resolve(PipelineWorkDir.PROMPTS);
        List<String> tokenizer = tokenizerOptions();
        for (Path needed : List.of(imageOnly, clipBundle)) {
            if (!Files.isDirectory(needed)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--work-dir " + workDir + " has no "
                        + needed.getFileName() + "/ (run " + world.name() + "-bundle there first)");
            }
        }
        List<Run> runs = runs();
        if (runs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "nothing to run: give --alphas or keep the paired run");
        }
        Files.createDirectories(outDir);
        Map<String, Object> seconds = new LinkedHashMap<>();
        Path captions = outDir.resolve("captions.jsonl");

        if (!Files.exists(promptFile)) {
            stage(seconds, "prompts", () -> world.writeEvalPrompts(promptFile, seed + 1));
        }
        if (paired && !Files.exists(captions)) {
            stage(seconds, "paired captions", () -> {
                Path partial = outDir.resolve("captions.jsonl.partial");
                world.writePairedCaptions(imageOnly, partial, captionSeed);
                Files.move(partial, captions);
            });
        }
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            String prefix = "[" + (i + 1) + "/" + runs.size() + "] " + r.name() + " ";
            Path runDir = outDir.resolve("runs").resolve(r.name());
            Path bundle = outDir.resolve("bundles").resolve(r.name());
            Path evalDir = outDir.resolve("eval");
            long trained = trainedSteps(runDir);
            if (trained > steps) {
                throw new CommandLine.ParameterException(spec.commandLine(), runDir + " was trained for " + trained
                        + " steps, more than --steps " + steps + ": every run shares one schedule, use another --out");
            }
            if (trained == steps && loads(bundle)) {
                System.err.println("== " + spec.name() + " " + prefix + "bundle exists, skipping training and export");
            } else {
                stage(seconds, prefix + "train-diffusion", () -> {
                    List<Object> args = new ArrayList<>(List.of("--images", imageOnly.toString(),
                            "--clip-bundle", clipBundle.toString(), "--run-dir", runDir.toString(), "--steps", steps,
                            "--layers", layers, "--width", width, "--heads", heads, "--timesteps", timesteps,
                            "--batch-size", batchSize, "--learning-rate", learningRate, "--alpha", r.alpha(),
                            "--null-probability", nullProbability, "--ema-decay", emaDecay,
                            "--decay-fraction", decayFraction, "--max-grad-norm", maxGradNorm, "--seed", seed,
                            "--sample-every", Math.max(1, steps / 5),
                            "--checkpoint-every", Math.max(1, steps / 10)));
                    args.addAll(tokenizer);
                    args.addAll(split(trainArgs));
                    if (r.paired()) {
                        args.addAll(List.of("--captions", captions.toString()));
                    }
                    run(new TrainDiffusionCommand(), args.toArray());
                });
                stage(seconds, prefix + "export", () -> {
                    deleteTree(bundle); // a half-written export: redo it
                    List<Object> args = new ArrayList<>(List.of("--diffusion",
                            runDir.resolve(PipelineWorkDir.DIFFUSION_CHECKPOINT).toString(),
                            "--clip-bundle", clipBundle.toString(), "--out", bundle.toString(),
                            "--name", world.name() + "-" + r.name(), "--version", bundleVersion, "--truncation", truncation, "--guidance-scale", guidanceScale,
                            "--candidates", candidates));
                    args.addAll(tokenizer);
                    run(new ExportCommand(), args.toArray());
                    for (String suffix : List.of("", "-guidance", "-truncation")) {
                        deleteTree(evalDir.resolve(r.name() + suffix)); // measured another bundle
                    }
                });
            }
            evaluate(seconds, prefix + "eval", bundle, promptFile, evalDir.resolve(r.name()), List.of());
            if (!r.paired() && sweepAlphas.contains(r.alpha())) {
                sweep(seconds, prefix + "guidance sweep", bundle, promptFile, evalDir.resolve(r.name() + "-guidance"),
                        "--sweep-guidance", sweepGuidance, guidanceScale, List.of("--truncation", truncation));
                sweep(seconds, prefix + "truncation sweep", bundle, promptFile, evalDir.resolve(r.name() + "-truncation"),
                        "--sweep-truncation", sweepTruncation, truncation, List.of("--guidance", guidanceScale));
            }
        }
        Path report = outDir.resolve("ablation.md");
        Files.writeString(report, report(runs, outDir.resolve("eval"), promptFile, tokenizer), StandardCharsets.UTF_8);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("command", commandLine());
        record.put("stageSeconds", seconds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(outDir.resolve("ablations.json").toFile(), record);
        System.err.println(spec.name() + ": wrote " + report);
        return 0;
    }

    /** Language-free runs first, then the paired upper bound. */
    List<Run> runs() {
        List<Run> list = new ArrayList<>();
        for (double alpha : alphas) {
            if (!(alpha >= 0)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--alphas: " + alpha + " is not >= 0");
            }
            list.add(new Run("language-free-a" + number(alpha), "language-free, alpha " + number(alpha), alpha, false));
        }
        if (paired) {
            list.add(new Run(PAIRED, PAIRED, pairedAlpha, true));
        }
        return list;
    }

    /** --tokenizer-args, or the tokenizer the work dir holds: palette/palette.bin or vqgan/vqgan.ckpt, not both. */
    private List<String> tokenizerOptions() {
        if (tokenizerArgs != null) {
            List<String> args = split(tokenizerArgs);
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--tokenizer-args is empty");
            }
            return args;
        }
        Path palette = workDir.resolve(PipelineWorkDir.PALETTE_RUN).resolve(PipelineWorkDir.PALETTE_FILE);
        Path vqgan = workDir.resolve(PipelineWorkDir.VQGAN_RUN).resolve(PipelineWorkDir.VQGAN_CHECKPOINT);
        boolean hasPalette = Files.isRegularFile(palette);
        boolean hasVqgan = Files.isRegularFile(vqgan);
        if (hasPalette == hasVqgan) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--work-dir " + workDir + " has "
                    + (hasPalette ? "both " + palette + " and " + vqgan : "neither " + palette + " nor " + vqgan)
                    + ": name the tokenizer with --tokenizer-args (the train-diffusion/export options, e.g. \"--tokenizer "
                    + palette + "\")");
        }
        return hasPalette ? List.of("--tokenizer", palette.toString()) : List.of("--vqgan", vqgan.toString());
    }

    /**
     * One sweep of eval, leaving out the value the main eval already ran with (its row comes from there): one value
     * left makes a single eval in {@code folder}, several one sub-folder each.
     */
    private void sweep(Map<String, Object> seconds, String name, Path bundle, Path promptFile, Path folder, String option,
                       List<Double> values, double mainValue, List<Object> fixed) throws Exception {
        List<Double> left = values.stream().filter(v -> v != mainValue).toList();
        if (left.isEmpty()) {
            return;
        }
        List<Object> sampling = new ArrayList<>(List.of(option, joined(left)));
        sampling.addAll(fixed);
        evaluate(seconds, name, bundle, promptFile, folder, sampling, left.size() == 1);
    }

    /** Runs eval into {@code folder} unless every run it makes has its metrics.json there already. */
    private void evaluate(Map<String, Object> seconds, String name, Path bundle, Path promptFile, Path folder,
                          List<Object> sampling) throws Exception {
        evaluate(seconds, name, bundle, promptFile, folder, sampling, sampling.isEmpty());
    }

    private void evaluate(Map<String, Object> seconds, String name, Path bundle, Path promptFile, Path folder,
                          List<Object> sampling, boolean single) throws Exception {
        if (evaluated(folder, single)) {
            System.err.println("== " + spec.name() + " " + name + ": " + folder + " exists, skipping");
            return;
        }
        stage(seconds, name, () -> {
            deleteTree(folder); // an interrupted eval cannot resume: start it again
            List<Object> args = new ArrayList<>(List.of("--bundle", bundle.toString(), "--prompts", promptFile.toString(),
                    "--out", folder.toString(), "--candidates", candidates, "--threads", threads,
                    "--real-images", evalRealImages, "--seed", seed, "--world", world.name(),
                    "--cache-dir", workDir.resolve(PipelineWorkDir.CACHE).toString()));
            if (sampling.isEmpty()) {
                args.addAll(List.of("--guidance", guidanceScale, "--truncation", truncation));
            }
            args.addAll(sampling);
            if (evalSteps != null) {
                args.addAll(List.of("--steps", evalSteps));
            }
            run(new EvalCommand(), args.toArray());
        });
    }

    /** A single eval is done when metrics.json exists; a sweep when its ablation.md (written last) does. */
    private static boolean evaluated(Path folder, boolean single) {
        return Files.isRegularFile(folder.resolve(single ? "metrics.json" : "ablation.md"));
    }

    /** The Markdown report: schedule, the alpha / paired table, and one table per sweep, all with the paired ratio. */
    String report(List<Run> runs, Path evalDir, Path promptFile, List<String> tokenizer) throws IOException {
        Run reference = runs.stream().filter(Run::paired).findFirst().orElse(null);
        String referenceLabel = reference == null ? null : reference.label();
        AblationReport.Run referenceRow = reference == null ? null
                : relabel(AblationReport.read(evalDir.resolve(reference.name())), reference.label());
        StringBuilder md = new StringBuilder("# " + world.name() + " ablations\n\n");
        md.append(String.format(Locale.ROOT, "Every generator was trained on the same schedule: %d steps, batch %d, %d layers"
                        + " of width %d, %d heads, T = %d, learning rate %s (cosine decay to 0 over the last %s of the steps),"
                        + " gradient norm clipped at %s, EMA %s, null condition p = %s, seed %d; tokenizer"
                        + " `%s`%s. Language-free runs condition on CLIP image embeddings of the image-only split with"
                        + " pseudo-text noise alpha; the paired upper bound conditions on the CLIP text embeddings of"
                        + " captions of the same images (alpha %s). Evaluated on %s with the same seed, best of %d.\n\n",
                steps, batchSize, layers, width, heads, timesteps, number(learningRate), number(decayFraction), number(maxGradNorm),
                number(emaDecay), number(nullProbability), seed, String.join(" ", tokenizer),
                trainArgs.isBlank() ? "" : ", train-diffusion options `" + trainArgs.trim() + "`",
                number(pairedAlpha), promptFile.getFileName(), candidates));

        md.append(reference == null ? "## Pseudo-text noise alpha (s = " : "## Pseudo-text noise alpha and the paired upper bound (s = ")
                .append(number(guidanceScale))
                .append(", r = ").append(number(truncation)).append(")\n\n");
        List<AblationReport.Run> main = new ArrayList<>();
        for (Run r : runs) {
            main.add(r.paired() ? referenceRow : relabel(AblationReport.read(evalDir.resolve(r.name())), r.label()));
        }
        md.append(AblationReport.markdown(main, referenceLabel)).append('\n');
        if (referenceRow != null) {
            double pairedClip = clip(referenceRow);
            for (AblationReport.Run row : main) {
                if (row != referenceRow) {
                    md.append(String.format(Locale.ROOT, "- %s: language-free / paired CLIP score = %.4f / %.4f = %.1f%%"
                            + " (the issue's target for the committed bundle: >= 95%%)%n", row.label(), clip(row), pairedClip, 100 * clip(row) / pairedClip));
                }
            }
            md.append('\n');
        }
        for (Run r : runs) {
            if (r.paired() || !sweepAlphas.contains(r.alpha())) {
                continue;
            }
            md.append(sweepSection(r, "Guidance scale s", "guidance", "guidance_scale", sweepGuidance, "s",
                    "r = " + number(truncation), evalDir, referenceRow, referenceLabel));
            md.append(sweepSection(r, "Truncation r", "truncation", "truncation", sweepTruncation, "r",
                    "s = " + number(guidanceScale), evalDir, referenceRow, referenceLabel));
        }
        return md.toString();
    }

    private String sweepSection(Run r, String title, String suffix, String field, List<Double> values, String symbol,
                                String fixed, Path evalDir,
                                AblationReport.Run referenceRow, String referenceLabel) throws IOException {
        List<AblationReport.Run> rows = new ArrayList<>();
        List<Path> folders = new ArrayList<>(List.of(evalDir.resolve(r.name()))); // the main eval: s and r as given
        Path sweepDir = evalDir.resolve(r.name() + "-" + suffix);
        if (Files.isDirectory(sweepDir)) {
            folders.add(sweepDir);
            try (Stream<Path> entries = Files.list(sweepDir)) {
                entries.filter(Files::isDirectory).forEach(folders::add);
            }
        }
        List<AblationReport.Run> read = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isRegularFile(folder.resolve("metrics.json"))) {
                continue;
            }
            AblationReport.Run run = AblationReport.read(folder);
            double value = run.metrics().path("sampling").path(field).asDouble();
            if (values.stream().anyMatch(v -> Math.abs(v - value) < 1e-9)) {
                read.add(run);
            }
        }
        read.sort(Comparator.comparingDouble(run -> run.metrics().path("sampling").path(field).asDouble()));
        for (AblationReport.Run run : read) {
            rows.add(relabel(run, r.label() + ", " + symbol + " " + number(run.metrics().path("sampling").path(field).asDouble())));
        }
        if (referenceRow != null) {
            rows.add(referenceRow);
        }
        return "## " + title + " (" + r.label() + ", " + fixed + ")\n\n" + AblationReport.markdown(rows, referenceLabel) + "\n";
    }

    private static AblationReport.Run relabel(AblationReport.Run run, String label) {
        return new AblationReport.Run(label, run.metrics());
    }

    private static double clip(AblationReport.Run run) {
        JsonNode clip = run.metrics().get("clip_score");
        return clip.path("mean").asDouble();
    }

    private void stage(Map<String, Object> seconds, String name, PipelineStages.Stage stage) throws Exception {
        PipelineStages.stage(spec.name(), seconds, name, stage);
    }

    /** Steps of the run's checkpoint, 0 without one; a longer --steps resumes the run and exports it again. */
    private static long trainedSteps(Path runDir) throws IOException {
        Path checkpoint = runDir.resolve(PipelineWorkDir.DIFFUSION_CHECKPOINT);
        return Files.isRegularFile(checkpoint) ? Checkpoint.load(checkpoint).step() : 0;
    }

    private static boolean loads(Path bundle) {
        if (!Files.isDirectory(bundle)) {
            return false;
        }
        try {
            BundleLoader.load(bundle);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static List<String> split(String args) {
        String trimmed = args == null ? "" : args.trim();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    private static String joined(List<Double> values) {
        return String.join(",", values.stream().map(AblationsCommand::number).toList());
    }

    /** 0.25 as "0.25", 3.0 as "3", 5e-4 as "0.0005": short, and plain for folder names and the report. */
    static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private List<String> commandLine() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int name = original.indexOf(spec.name());
        List<String> line = new ArrayList<>(List.of(spec.name()));
        line.addAll(original.subList(name + 1, original.size()));
        return line;
    }
}
