package io.clipvq.trainer.eval;

import io.clipvq.engine.diversity.PromptDiversity;
import io.clipvq.contracts.Seeds;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.rerank.KeptImages;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.trainer.report.ProgressBar;
import io.clipvq.trainer.stats.FrechetDistance;
import io.clipvq.trainer.stats.GaussianStats;
import io.clipvq.trainer.worlds.GeneratedImageCheck;
import io.clipvq.trainer.worlds.RealImageSet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Evaluates one bundle: opens the same {@link OnnxTextToImageEngine} the worker uses, and for each call of
 * {@link #run} generates best-of-N per prompt, writes the images, manifest.jsonl, metrics.json, the sample grids and
 * report.md into an output folder, and returns the metrics. What needs a world (its checker's measures, the real
 * images of the Frechet distance) comes from the {@link GeneratedImageCheck} of the world the bundle draws; without
 * one, only the CLIP score is measured. The real images' statistics are computed once per bundle and reused by every
 * run (a sampling-time sweep evaluates one bundle many times).
 */
public final class BundleEvaluation implements AutoCloseable {
    public static final String MANIFEST = "manifest.jsonl";
    public static final String METRICS = "metrics.json";
    public static final String REPORT = "report.md";
    /** The metrics.json field that holds the world check's metrics. */
    public static final String WORLD_SECTION = "worldCheck";
    public static final String GENERATED_GRID = "grid_generated.png";
    public static final String REAL_GRID = "grid_real.png";
    private static final int GRID_COLUMNS = 8;

    private final ModelBundle bundle;
    private final OnnxTextToImageEngine engine;
    private final PngEmbedder embedder;
    private final RealImageSet realSet;
    private final Optional<GeneratedImageCheck> worldCheck;
    private List<RealImageSet.RealImage> realImages;
    private GaussianStats realStats;

    private BundleEvaluation(ModelBundle bundle, OnnxTextToImageEngine engine, PngEmbedder embedder,
                             RealImageSet realSet, Optional<GeneratedImageCheck> worldCheck) {
        this.bundle = bundle;
        this.worldCheck = worldCheck;
        this.engine = engine;
        this.embedder = embedder;
        this.realSet = realSet;
    }

    /** Loads and verifies the bundle at {@code bundleDir} and opens its engine; no world check. */
    public static BundleEvaluation open(Path bundleDir, EngineOptions options, RealImageSet realSet) {
        return open(bundleDir, options, realSet, manifest -> Optional.empty());
    }

    /**
     * Loads and verifies the bundle at {@code bundleDir} and opens its engine; {@code worldCheck} gives the checker of
     * the world the bundle draws (from its manifest), if any.
     */
    public static BundleEvaluation open(Path bundleDir, EngineOptions options, RealImageSet realSet,
                                        WorldCheckSource worldCheck) {
        ModelBundle bundle = BundleLoader.load(bundleDir);
        Optional<GeneratedImageCheck> check;
        try {
            check = worldCheck.checkFor(bundle.manifest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the world check: " + e.getMessage(), e);
        }
        OnnxTextToImageEngine engine = OnnxTextToImageEngine.open(bundle, options);
        try {
            return new BundleEvaluation(bundle, engine, PngEmbedder.open(bundle, options), realSet, check);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public BundleManifest manifest() {
        return bundle.manifest();
    }

    /** Where the checker of a bundle's world comes from. */
    @FunctionalInterface
    public interface WorldCheckSource {
        Optional<GeneratedImageCheck> checkFor(BundleManifest manifest) throws IOException;
    }

    /**
     * Generates and scores {@code prompts} into {@code outDir} (which must be absent or empty).
     *
     * @param progress where the progress line goes (null: none)
     */
    public EvalMetrics run(List<String> prompts, EvalSettings settings, Path outDir, PrintStream progress)
            throws IOException {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts to evaluate");
        }
        // a prompt the checker cannot score (two colours, say) fails before minutes of generation, not after
        worldCheck.ifPresent(check -> check.checkPrompts(prompts));
        EvalMetrics.ResolvedSampling sampling = resolve(settings);
        prepareOutput(outDir);
        Files.createDirectories(outDir.resolve("images"));

        double[] best = new double[prompts.size()];
        List<byte[]> bestPngs = new ArrayList<>(prompts.size());
        List<ManifestEntry> bestEntries = new ArrayList<>(prompts.size());
        List<List<GeneratedImageCheck.KeptImage>> keptByPrompt = new ArrayList<>(prompts.size());
        List<PromptDiversity.Image> bestImages = new ArrayList<>(prompts.size());
        Map<String, KeptImages> keptByText = new HashMap<>();
        ProgressBar bar = progress == null ? null : new ProgressBar("eval", prompts.size(), 0, progress);
        long start = System.nanoTime();
        try (BufferedWriter manifest = Files.newBufferedWriter(outDir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            for (int from = 0; from < prompts.size(); from += settings.batchPrompts()) {
                int to = Math.min(prompts.size(), from + settings.batchPrompts());
                long[] seeds = new long[to - from];
                for (int p = from; p < to; p++) {
                    seeds[p - from] = promptSeed(settings.seed(), p);
                }
                List<KeptImages> keptSoFar = null;
                if (settings.distinctAcrossLines()) {
                    keptSoFar = new ArrayList<>(to - from);
                    for (int p = from; p < to; p++) {
                        keptSoFar.add(keptByText.computeIfAbsent(prompts.get(p), text -> new KeptImages()));
                    }
                }
                List<List<GeneratedImage>> generated = engine.generate(prompts.subList(from, to), seeds,
                        settings.generationSettings(), keptSoFar);
                for (int p = from; p < to; p++) {
                    List<GeneratedImage> kept = generated.get(p - from);
                    keptByPrompt.add(kept.stream()
                            .map(image -> new GeneratedImageCheck.KeptImage(image.png(), image.clipScore())).toList());
                    for (int rank = 0; rank < kept.size(); rank++) {
                        GeneratedImage image = kept.get(rank);
                        ManifestEntry entry = new ManifestEntry(p, prompts.get(p), ManifestEntry.imagePath(p, rank),
                                image.clipScore(), seeds[p - from], image.candidateIndex(), rank);
                        Files.write(outDir.resolve(entry.image()), image.png());
                        manifest.write(entry.toJsonLine());
                        manifest.write('\n');
                        if (rank == 0) {
                            best[p] = image.clipScore();
                            bestImages.add(new PromptDiversity.Image(image.sha256(), image.imageEmbedding()));
                            bestPngs.add(image.png());
                            bestEntries.add(entry);
                        }
                    }
                }
                if (bar != null) {
                    bar.update(to, String.format(Locale.ROOT, "CLIP %.4f", mean(best, to)));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        GeneratedImageCheck.Outcome world = worldCheck.isPresent()
                ? worldCheck.get().scoreKept(prompts, keptByPrompt, outDir) : null;
        List<RealImageSet.RealImage> real = realImages();
        EvalMetrics.Frechet frechet = !real.isEmpty() && bestPngs.size() >= 2 ? frechet(bestPngs) : null;
        EvalMetrics metrics = new EvalMetrics(bundle.manifest().name(), bundle.manifest().version(), sampling,
                prompts.size(), EvalMetrics.ClipScore.of(best), frechet, seconds, world,
                PromptDiversity.ofRepeatedPrompts(prompts, bestImages));
        EvalMetricsJson.write(metrics, outDir.resolve(METRICS));

        int shown = Math.min(settings.gridImages(), bestPngs.size());
        List<SampleGrid.Cell> cells = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) {
            cells.add(new SampleGrid.Cell(bestPngs.get(i),
                    String.format(Locale.ROOT, "%s (%.3f)", prompts.get(i), best[i])));
        }
        SampleGrid.write(outDir.resolve(GENERATED_GRID), cells, GRID_COLUMNS);
        boolean realGrid = !real.isEmpty();
        if (realGrid) {
            List<SampleGrid.Cell> realCells = new ArrayList<>();
            for (RealImageSet.RealImage image : real.subList(0, Math.min(shown, real.size()))) {
                realCells.add(new SampleGrid.Cell(image.png(), image.label()));
            }
            SampleGrid.write(outDir.resolve(REAL_GRID), realCells, GRID_COLUMNS);
        }
        EvalReport.write(outDir.resolve(REPORT), metrics, bestEntries, shown, realGrid);
        return metrics;
    }

    /** Seed of prompt {@code index} in a run with seed {@code runSeed}: the same whatever the batching. */
    public static long promptSeed(long runSeed, int index) {
        return Seeds.derive(runSeed, index);
    }

    private EvalMetrics.ResolvedSampling resolve(EvalSettings settings) {
        BundleManifest.Sampling defaults = bundle.manifest().sampling();
        GenerationSettings generation = settings.generationSettings();
        return new EvalMetrics.ResolvedSampling(settings.candidates(), settings.keep(),
                settings.steps() != null ? settings.steps() : defaults.steps(),
                settings.guidanceScale() != null ? settings.guidanceScale() : defaults.guidanceScale(),
                settings.truncation() != null ? settings.truncation() : defaults.truncation(), settings.seed(),
                settings.conditionNoise() != null ? settings.conditionNoise() : defaults.conditionNoiseOrZero(),
                generation.rerankOrDefault().wireName(), generation.nearDuplicateCosineOr(defaults),
                finiteOrNull(generation.scoreMarginOr(defaults)),
                settings.distinctAcrossLines(), engine.denoiserPrecision().label());
    }

    /** A score margin for the report: null when there is none. */
    private static Double finiteOrNull(double margin) {
        return Double.isInfinite(margin) ? null : margin;
    }

    private EvalMetrics.Frechet frechet(List<byte[]> generated) {
        GaussianStats generatedStats = GaussianStats.of(embedder.embed(generated));
        GaussianStats real = realStats();
        return new EvalMetrics.Frechet(FrechetDistance.between(generatedStats, real), generated.size(), real.count(),
                realSet.split(), realSet.seed(), embedder.dimension());
    }

    /** The world's real images of {@link #realSet}, drawn once per bundle; none without a world check. */
    private List<RealImageSet.RealImage> realImages() {
        if (realImages == null) {
            realImages = worldCheck.map(check -> check.realImages(realSet)).orElse(List.of());
        }
        return realImages;
    }

    private GaussianStats realStats() {
        if (realStats == null) {
            realStats = GaussianStats.of(embedder.embed(realImages().stream().map(RealImageSet.RealImage::png).toList()));
        }
        return realStats;
    }

    private static double mean(double[] values, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }

    private static void prepareOutput(Path outDir) throws IOException {
        if (Files.exists(outDir)) {
            if (!Files.isDirectory(outDir)) {
                throw new IllegalArgumentException("output " + outDir + " exists and is not a folder");
            }
            try (Stream<Path> entries = Files.list(outDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("output folder " + outDir + " is not empty: give a new or empty"
                            + " folder, so that no image of an earlier run is mistaken for this one's");
                }
            }
        }
        Files.createDirectories(outDir);
    }

    @Override
    public void close() {
        try {
            embedder.close();
        } finally {
            engine.close();
        }
    }
}
