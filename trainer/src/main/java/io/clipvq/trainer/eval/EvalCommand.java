package io.clipvq.trainer.eval;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.rerank.RerankPolicy;
import io.clipvq.trainer.cli.options.DenoiserPrecisionConverter;
import io.clipvq.trainer.worlds.GeneratedImageCheck;
import io.clipvq.trainer.worlds.RealImageSet;
import io.clipvq.trainer.worlds.Worlds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code trainer eval}: best-of-N generation through the engine for a prompt file, with images, manifest.jsonl,
 * metrics.json and report.md. Several bundles and/or a sweep of guidance and truncation make one run each, in a
 * sub-folder of --out, and an ablation.md that puts their metrics side by side.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate best-of-N images for a prompt file with a bundle (through the engine the worker uses)"
                + " and measure them: CLIP score, and, for a bundle of a known world (--world, or the bundle's name),"
                + " the world's own checker (Shapes: attribute accuracy, seen and left-out compositions; Fashion-MNIST:"
                + " class accuracy) and the Frechet distance of CLIP image embeddings to the world's real images.",
                "Writes images/, manifest.jsonl, metrics.json, report.md and sample grids into --out; with several"
                        + " bundles or a --sweep-* option, one such folder per run plus ablation.md."})
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--bundle", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Model bundle folder(s); several bundles (e.g. alpha ablations) make one run each.")
    List<Path> bundles;

    @Option(names = "--prompts", required = true, paramLabel = "FILE",
            description = "Prompt file: one prompt per line, or JSONL lines with a \"prompt\" field (per line).")
    Path promptFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (absent or empty).")
    Path out;

    @Option(names = "--candidates", defaultValue = "16", description = "Candidates per prompt, N (default ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--keep", defaultValue = "1", description = "Images kept per prompt (default ${DEFAULT-VALUE}); metrics use"
            + " the best. With 2 or more the report also measures the reranking (--keep equal to --candidates: over all of them).")
    int keep;

    @Option(names = "--steps", description = "Denoising steps (default: the bundle's).")
    Integer steps;

    @Option(names = "--guidance", description = "Guidance scale s (default: the bundle's).")
    Double guidance;

    @Option(names = "--truncation", description = "Truncation r in (0, 1] (default: the bundle's).")
    Double truncation;

    @Option(names = "--condition-noise", paramLabel = "ALPHA",
            description = "Pseudo-text noise added to the prompt embedding per candidate, 0..2 (default: the bundle's).")
    Double conditionNoise;

    @Option(names = "--rerank", paramLabel = "POLICY", description = "best or distinct (default: distinct; best when"
            + " --keep equals --candidates, so that every candidate is measured).")
    String rerank;

    @Option(names = "--near-duplicate-cosine", paramLabel = "C", description = "Under distinct: a candidate whose CLIP"
            + " image embedding has at least this cosine with a kept image of the prompt is a near duplicate (default 1:"
            + " byte-identical images only).")
    Double nearDuplicateCosine;

    @Option(names = "--score-margin", paramLabel = "M", description = "Under distinct: keep no image whose CLIP score"
            + " is more than M below the best candidate drawn for it (default: no limit).")
    Double scoreMargin;

    @Option(names = "--distinct-across-lines", description = "Lines with the same prompt text share their kept images,"
            + " as the images of one prompt in a bulk job do (under distinct no line repeats an earlier line's image).")
    boolean distinctAcrossLines;

    @Option(names = "--sweep-guidance", split = ",", paramLabel = "S",
            description = "Evaluate each guidance scale (e.g. 1,1.5,3); replaces --guidance.")
    List<Double> sweepGuidance;

    @Option(names = "--sweep-truncation", split = ",", paramLabel = "R",
            description = "Evaluate each truncation (e.g. 0.85,0.9,1.0); replaces --truncation.")
    List<Double> sweepTruncation;

    @Option(names = "--seed", defaultValue = "0", description = "Run seed; prompt i uses Seeds.derive(seed, i) (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = its default).")
    int threads;

    @Option(names = "--denoiser-precision", paramLabel = "fp32|int8", converter = DenoiserPrecisionConverter.class,
            description = "The denoiser to run (default: the one the bundle's manifest names).")
    DenoiserPrecision denoiserPrecision;

    @Option(names = "--batch-prompts", defaultValue = "4", description = "Prompts per engine call (default ${DEFAULT-VALUE}).")
    int batchPrompts;

    @Option(names = "--real-images", defaultValue = "1024",
            description = "Real images of the world for the Frechet distance (default ${DEFAULT-VALUE}).")
    int realImages;

    @Option(names = "--real-split", defaultValue = "captioned",
            description = "Split of the real images: captioned (for Shapes all 24 compositions, as the prompts ask"
                    + " for) or image-only (the generator's training distribution) (default ${DEFAULT-VALUE}).")
    String realSplit;

    @Option(names = "--real-seed", defaultValue = "1", description = "Dataset seed of the real images (default ${DEFAULT-VALUE}).")
    long realSeed;

    @Option(names = "--world", paramLabel = "NAME",
            description = "World whose checker scores the images (default: the world named like the bundle, if any).")
    String worldName;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where a world keeps what its checker needs, made on first use (default ~/.cache/clipvq).")
    Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "clipvq");

    @Option(names = "--grid-images", defaultValue = "64", description = "Images shown in each sample grid (default ${DEFAULT-VALUE}).")
    int gridImages;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        EvalSettings base;
        RealImageSet realSet;
        List<String> prompts;
        List<Run> runs;
        try {
            if (guidance != null && sweepGuidance != null) {
                throw new IllegalArgumentException("give --guidance or --sweep-guidance, not both");
            }
            if (truncation != null && sweepTruncation != null) {
                throw new IllegalArgumentException("give --truncation or --sweep-truncation, not both");
            }
            if (threads < 0) {
                throw new IllegalArgumentException("--threads must be >= 0, got " + threads);
            }
            base = EvalSettings.builder().optCandidates(candidates).optKeep(keep).optSteps(steps)
                    .optGuidanceScale(guidance).optTruncation(truncation).optConditionNoise(conditionNoise)
                    .optRerank(rerankPolicy()).optNearDuplicateCosine(nearDuplicateCosine).optScoreMargin(scoreMargin)
                    .optDistinctAcrossLines(distinctAcrossLines).optSeed(seed)
                    .optBatchPrompts(batchPrompts).optGridImages(gridImages).build();
            realSet = new RealImageSet(RealImageSet.Split.parse(realSplit), realImages, realSeed);
            prompts = PromptFile.read(promptFile);
            runs = plan(base); // the settings builder checks every swept value here, before any work
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        requireEmpty(out); // before the bundle is opened: a used folder is a mistake worth seconds, not minutes
        PrintStream console = System.out;
        EngineOptions options = EngineOptions.builder().optIntraOpThreads(threads)
                .optDenoiserPrecision(denoiserPrecision).build();
        List<Path> done = new ArrayList<>();
        try {
            for (int b = 0; b < bundles.size(); b++) {
                try (BundleEvaluation evaluation = BundleEvaluation.open(bundles.get(b), options, realSet, this::worldCheck)) {
                    for (Run run : runs) {
                        if (run.bundleIndex() != b) {
                            continue;
                        }
                        console.println("eval " + run.folder().getFileName() + ": " + prompts.size() + " prompts with "
                                + evaluation.manifest().name() + " " + evaluation.manifest().version());
                        EvalMetrics metrics = evaluation.run(prompts, run.settings(), run.folder(), console);
                        console.println(summary(metrics));
                        done.add(run.folder());
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("eval: " + e.getMessage());
            return 2;
        }
        if (done.size() > 1) {
            Path table = out.resolve("ablation.md");
            AblationReport.write(table, AblationReport.readAll(done));
            console.println("wrote " + table);
        }
        console.println("wrote " + out);
        return 0;
    }

    /** The checker of --world, or of the world named like the bundle; none when no world has that name. */
    private RerankPolicy rerankPolicy() {
        if (rerank != null) {
            return RerankPolicy.fromWireName(rerank);
        }
        return keep == candidates ? RerankPolicy.BEST : null;
    }

    private Optional<GeneratedImageCheck> worldCheck(BundleManifest manifest) throws IOException {
        return Worlds.checkFor(worldName, manifest.name(), cacheDir);
    }

    private record Run(int bundleIndex, EvalSettings settings, Path folder) {
    }

    /** One run per bundle x guidance x truncation; a single run writes straight into --out. */
    private List<Run> plan(EvalSettings base) {
        List<Run> runs = new ArrayList<>();
        List<Double> guidances = orNull(sweepGuidance);
        List<Double> truncations = orNull(sweepTruncation);
        boolean single = bundles.size() == 1 && guidances.size() == 1 && truncations.size() == 1;
        Set<String> names = new HashSet<>();
        for (int b = 0; b < bundles.size(); b++) {
            Path bundle = bundles.get(b);
            String bundleName = bundles.size() == 1 ? "" : unique(names, folderName(bundle), b);
            for (Double g : guidances) {
                for (Double r : truncations) {
                    EvalSettings settings = sweepGuidance == null && sweepTruncation == null ? base
                            : base.withSampling(g != null ? g : guidance, r != null ? r : truncation);
                    List<String> parts = new ArrayList<>();
                    if (!bundleName.isEmpty()) {
                        parts.add(bundleName);
                    }
                    if (sweepGuidance != null) {
                        parts.add("s" + EvalReport.number(g));
                    }
                    if (sweepTruncation != null) {
                        parts.add("r" + EvalReport.number(r));
                    }
                    runs.add(new Run(b, settings, single ? out : out.resolve(String.join("_", parts))));
                }
            }
        }
        return runs;
    }

    private static String unique(Set<String> names, String name, int index) {
        return names.add(name) ? name : name + "-" + index;
    }

    private static String folderName(Path bundle) {
        Path name = bundle.toAbsolutePath().normalize().getFileName();
        return name == null ? "bundle" : name.toString();
    }

    private static List<Double> orNull(List<Double> values) {
        return values == null ? Arrays.asList((Double) null) : values;
    }

    private void requireEmpty(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new ParameterException(spec.commandLine(), "--out " + dir + " is not empty: give a new or"
                            + " empty folder");
                }
            }
        }
    }

    private static String summary(EvalMetrics m) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  CLIP score %.4f", m.clipScore().mean()));
        if (m.frechet() != null) {
            line.append(String.format(Locale.ROOT, ", FD %.4f", m.frechet().distance()));
        }
        if (m.world() != null && !m.world().summary().isBlank()) {
            line.append(", ").append(m.world().summary());
        }
        return line.toString();
    }
}
