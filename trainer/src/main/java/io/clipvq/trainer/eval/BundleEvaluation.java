package io.clipvq.trainer.eval;

import io.clipvq.contracts.Seeds;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.GeneratedImage;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.trainer.report.ProgressBar;
import io.clipvq.trainer.stats.FrechetDistance;
import io.clipvq.trainer.stats.GaussianStats;
import io.clipvq.trainer.worlds.GeneratedImageCheck;
import io.clipvq.trainer.worlds.shapes.Composition;
import io.clipvq.trainer.worlds.shapes.PromptAttributes;
import io.clipvq.trainer.worlds.shapes.ShapesImage;
import io.clipvq.trainer.worlds.shapes.ShapesMetrics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Evaluates one bundle: opens the same {@link OnnxTextToImageEngine} the worker uses, and for each call of
 * {@link #run} generates best-of-N per prompt, writes the images, manifest.jsonl, metrics.json, the sample grids and
 * report.md into an output folder, and returns the metrics. The real images' statistics for the Frechet distance are
 * computed once per bundle and reused by every run (a sampling-time sweep evaluates one bundle many times).
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
     * Whether the bundle draws 32 x 32 Shapes images and no world check was given (then the Shapes attribute checker
     * and the Shapes real images apply; a world with its own {@link GeneratedImageCheck} is scored by that instead).
     */
    public boolean drawsShapesImages() {
        return worldCheck.isEmpty() && bundle.manifest().imageSize() == ShapesImage.SIZE;
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
        List<PromptAttributes> named = drawsShapesImages() ? AttributeScoring.parsePrompts(prompts) : null;
        worldCheck.ifPresent(check -> check.checkPrompts(prompts));
        EvalMetrics.ResolvedSampling sampling = resolve(settings);
        prepareOutput(outDir);
        Files.createDirectories(outDir.resolve("images"));

        double[] best = new double[prompts.size()];
        List<byte[]> bestPngs = new ArrayList<>(prompts.size());
        List<ManifestEntry> bestEntries = new ArrayList<>(prompts.size());
        // every kept candidate is checked too when there are several, to measure what the reranking adds
        boolean measureReranking = named != null && settings.keep() >= 2;
        List<List<RerankingQuality.Candidate>> candidates = new ArrayList<>();
        ProgressBar bar = progress == null ? null : new ProgressBar("eval", prompts.size(), 0, progress);
        long start = System.nanoTime();
        try (BufferedWriter manifest = Files.newBufferedWriter(outDir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            for (int from = 0; from < prompts.size(); from += settings.batchPrompts()) {
                int to = Math.min(prompts.size(), from + settings.batchPrompts());
                long[] seeds = new long[to - from];
                for (int p = from; p < to; p++) {
                    seeds[p - from] = promptSeed(settings.seed(), p);
                }
                List<List<GeneratedImage>> generated = engine.generate(prompts.subList(from, to), seeds,
                        settings.generationSettings());
                for (int p = from; p < to; p++) {
                    List<GeneratedImage> kept = generated.get(p - from);
                    if (measureReranking) {
                        candidates.add(AttributeScoring.candidates(named.get(p), kept));
                    }
                    for (int rank = 0; rank < kept.size(); rank++) {
                        GeneratedImage image = kept.get(rank);
                        ManifestEntry entry = new ManifestEntry(p, prompts.get(p), ManifestEntry.imagePath(p, rank),
                                image.clipScore(), seeds[p - from], image.candidateIndex(), rank);
                        Files.write(outDir.resolve(entry.image()), image.png());
                        manifest.write(entry.toJsonLine());
                        manifest.write('\n');
                        if (rank == 0) {
                            best[p] = image.clipScore();
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

        List<ShapesMetrics.Evaluated> checked = drawsShapesImages() ? AttributeScoring.check(named, bestPngs) : null;
        ShapesMetrics.AttributeAccuracy accuracy = checked == null ? null
                : ShapesMetrics.attributeAccuracy(checked, Composition.DEFAULT_LEFT_OUT);
        EvalMetrics.Frechet frechet = drawsShapesImages() && bestPngs.size() >= 2 ? frechet(bestPngs) : null;
        EvalMetrics metrics = new EvalMetrics(bundle.manifest().name(), bundle.manifest().version(), sampling,
                prompts.size(), EvalMetrics.ClipScore.of(best), accuracy, frechet, seconds,
                measureReranking ? RerankingQuality.measure(candidates) : null);
        EvalMetricsJson.write(metrics, outDir.resolve(METRICS));

        int shown = Math.min(settings.gridImages(), bestPngs.size());
        List<SampleGrid.Cell> cells = new ArrayList<>(shown);
        for (int i = 0; i < shown; i++) {
            cells.add(new SampleGrid.Cell(bestPngs.get(i),
                    String.format(Locale.ROOT, "%s (%.3f)", prompts.get(i), best[i])));
        }
        SampleGrid.write(outDir.resolve(GENERATED_GRID), cells, GRID_COLUMNS);
        boolean realGrid = drawsShapesImages();
        if (realGrid) {
            List<SampleGrid.Cell> realCells = new ArrayList<>();
            for (RealImageSet.RealImage real : realImages().subList(0, Math.min(shown, realImages().size()))) {
                realCells.add(new SampleGrid.Cell(real.png(), real.label()));
            }
            SampleGrid.write(outDir.resolve(REAL_GRID), realCells, GRID_COLUMNS);
        }
        EvalReport.write(outDir.resolve(REPORT), metrics, bestEntries, checked, shown, realGrid);
        if (worldCheck.isPresent()) {
            GeneratedImageCheck.Outcome outcome = worldCheck.get().score(prompts, bestPngs, outDir);
            EvalMetricsJson.addSection(outDir.resolve(METRICS), WORLD_SECTION, outcome.metrics());
            Files.writeString(outDir.resolve(REPORT), "\n" + outcome.reportSection(), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }
        return metrics;
    }

    /** Seed of prompt {@code index} in a run with seed {@code runSeed}: the same whatever the batching. */
    public static long promptSeed(long runSeed, int index) {
        return Seeds.derive(runSeed, index);
    }

    private EvalMetrics.ResolvedSampling resolve(EvalSettings settings) {
        BundleManifest.Sampling defaults = bundle.manifest().sampling();
        return new EvalMetrics.ResolvedSampling(settings.candidates(), settings.keep(),
                settings.steps() != null ? settings.steps() : defaults.steps(),
                settings.guidanceScale() != null ? settings.guidanceScale() : defaults.guidanceScale(),
                settings.truncation() != null ? settings.truncation() : defaults.truncation(), settings.seed());
    }

    private EvalMetrics.Frechet frechet(List<byte[]> generated) {
        GaussianStats generatedStats = GaussianStats.of(embedder.embed(generated));
        GaussianStats real = realStats();
        return new EvalMetrics.Frechet(FrechetDistance.between(generatedStats, real), generated.size(), real.count(),
                realSet.split(), realSet.seed(), embedder.dimension());
    }

    private List<RealImageSet.RealImage> realImages() {
        if (realImages == null) {
            realImages = realSet.render();
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
