package io.clipvq.trainer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.engine.EngineOptions;
import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.OnnxTextToImageEngine;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.cli.options.DenoiserPrecisionConverter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Speed of the engine on a bundle with random weights (speed does not depend on the weights): per-step time split
 * into ONNX Runtime (the denoiser run) and everything else (the Java sampler: guidance, truncation, posterior,
 * Gumbel-max, buffer copies), and images per second for best-of-N, for each step count and thread count. Prints
 * one JSON document.
 *
 * <p>The bundle is written by model-build's {@link RandomBundleFactory} at any size; the bench lives in the trainer
 * because that is the module with both the engine and model-build on its class path (the engine itself never
 * depends on model-build).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure sampling speed on a random bundle (demo size by default; --preset paper for the "
                + "paper's size) and print JSON.")
public final class BenchCommand implements Callable<Integer> {

    /** Sizes to start from; every size can be overridden by its own option. */
    public enum Preset { tiny, demo, paper }

    @Option(names = "--preset", defaultValue = "demo", description = "tiny, demo or paper (default: ${DEFAULT-VALUE})")
    Preset preset;
    @Option(names = "--image-size", description = "image side H = W in pixels (demo 32, paper 256)")
    Integer imageSize;
    @Option(names = "--code-grid", description = "code grid side h = w (demo 8, paper 16)")
    Integer codeGrid;
    @Option(names = "--codebook-size", description = "K (demo 256, paper 4096)")
    Integer codebookSize;
    @Option(names = "--layers", description = "denoiser layers (demo 6, paper 24)")
    Integer layers;
    @Option(names = "--width", description = "denoiser width (demo 256, paper 512)")
    Integer width;
    @Option(names = "--heads", description = "attention heads (demo 8, paper 16)")
    Integer heads;
    @Option(names = "--mlp-ratio", description = "MLP hidden width / width (default 4)")
    Integer mlpRatio;
    @Option(names = "--clip-dim", description = "CLIP embedding dimension D (demo 256, paper 512)")
    Integer clipDim;
    @Option(names = "--timesteps", description = "T (default 100)")
    Integer timesteps;
    @Option(names = "--candidates", defaultValue = "16", description = "N of best-of-N (default: ${DEFAULT-VALUE})")
    int candidates;
    @Option(names = "--prompts", defaultValue = "1", description = "prompts per batch (default: ${DEFAULT-VALUE})")
    int prompts;
    @Option(names = "--guidance", defaultValue = "3.0", description = "guidance scale s; 1 turns guidance off "
            + "(default: ${DEFAULT-VALUE})")
    double guidance;
    @Option(names = "--truncation", defaultValue = "0.9", description = "truncation r (default: ${DEFAULT-VALUE})")
    double truncation;
    @Option(names = "--steps", split = ",", defaultValue = "100,25", description = "step counts to measure "
            + "(default: ${DEFAULT-VALUE})")
    List<Integer> steps;
    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "intra-op thread counts "
            + "(default: ${DEFAULT-VALUE})")
    List<Integer> threads;
    @Option(names = "--runs", defaultValue = "1", description = "timed runs per setting (default: ${DEFAULT-VALUE})")
    int runs;
    @Option(names = "--precision", split = ",", defaultValue = "fp32", converter = DenoiserPrecisionConverter.class,
            description = "denoiser precisions to measure, fp32 and/or int8 (default: ${DEFAULT-VALUE})")
    List<DenoiserPrecision> precisions;
    @Option(names = "--cuda", description = "run on CUDA (needs the onnxruntime_gpu jar and a GPU)")
    boolean cuda;
    @Option(names = "--spinning", description = "let ONNX Runtime's idle threads spin (default off)")
    boolean spinning;
    @Option(names = "--sampler-threads", defaultValue = "0", description = "threads of the Java sampler; 0 = as "
            + "many as intra-op threads (default: ${DEFAULT-VALUE})")
    int samplerThreads;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the random weights")
    long seed;

    @Option(names = "--bundle", paramLabel = "DIR", description = "measure this bundle instead of a random one "
            + "(the size options are then ignored)")
    Path bundleDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The random bundle's denoiser, whose work is counted; null for a --bundle, whose sizes are not all known. */
    private io.clipvq.modelbuild.graphs.DenoiserSpec denoiserSpec;

    @Override
    public Integer call() throws IOException {
        if (bundleDir != null) {
            ModelBundle bundle = BundleLoader.load(bundleDir);
            return measure(bundle, bundleSizes(bundle));
        }
        RandomBundleFactory factory = factory();
        denoiserSpec = factory.denoiserSpec();
        Path dir = Files.createTempDirectory("clipvq-bench-");
        try {
            factory.write(dir);
            return measure(BundleLoader.load(dir), sizes(factory));
        } finally {
            deleteTree(dir);
        }
    }

    private static Map<String, Object> bundleSizes(ModelBundle bundle) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", bundle.manifest().name());
        m.put("version", bundle.manifest().version());
        m.put("directory", bundle.directory().toString());
        m.put("codeGrid", bundle.manifest().codeGrid().height());
        m.put("codebookSize", bundle.manifest().codebookSize());
        m.put("timesteps", bundle.manifest().diffusion().timesteps());
        return m;
    }

    private int measure(ModelBundle bundle, Map<String, Object> sizes) throws IOException {
        for (int stepCount : steps) {
            if (stepCount > bundle.manifest().diffusion().timesteps()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--steps " + stepCount + " exceeds "
                        + "the bundle's T = " + bundle.manifest().diffusion().timesteps());
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("bundle", sizes);
        report.put("candidates", candidates);
        report.put("prompts", prompts);
        report.put("guidanceScale", guidance);
        report.put("truncation", truncation);
        report.put("cuda", cuda);
        report.put("spinning", spinning);
        report.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        List<Map<String, Object>> results = new ArrayList<>();
        for (int threadCount : threads) {
            for (DenoiserPrecision precision : precisions) {
                EngineOptions options = EngineOptions.builder().optIntraOpThreads(threadCount).optCuda(cuda)
                        .optSpinning(spinning).optSamplerThreads(samplerThreads).optDenoiserPrecision(precision)
                        .build();
                try (OnnxTextToImageEngine engine = OnnxTextToImageEngine.open(bundle, options)) {
                    // warm-up: first runs allocate ONNX Runtime's arenas and JIT-compile the sampler
                    engine.generate(promptList(), seeds(0), settings(Math.min(2, bundle.manifest().diffusion().timesteps())));
                    for (int stepCount : steps) {
                        results.add(measure(engine, threadCount, stepCount));
                    }
                }
            }
        }
        report.put("results", results);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json.writeValueAsString(report));
        out.flush();
        return 0;
    }

    private Map<String, Object> measure(OnnxTextToImageEngine engine, int threadCount, int stepCount) {
        long total = 0;
        long sampling = 0;
        long denoiser = 0;
        long decode = 0;
        long score = 0;
        long text = 0;
        for (int run = 0; run < runs; run++) {
            engine.generate(promptList(), seeds(run + 1), settings(stepCount));
            OnnxTextToImageEngine.Timings t = engine.lastTimings();
            total += t.totalNanos();
            sampling += t.samplingNanos();
            denoiser += t.denoiserNanos();
            decode += t.decodeNanos();
            score += t.scoreNanos();
            text += t.textNanos();
        }
        double stepsRun = (double) stepCount * runs;
        double other = sampling - denoiser;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("precision", engine.denoiserPrecision().label());
        r.put("threads", threadCount);
        r.put("samplerThreads", samplerThreads > 0 ? samplerThreads : threadCount);
        r.put("steps", stepCount);
        r.put("runs", runs);
        r.put("stepMs", round(sampling / stepsRun / 1e6));
        r.put("stepOnnxRuntimeMs", round(denoiser / stepsRun / 1e6));
        r.put("stepOtherMs", round(other / stepsRun / 1e6));
        r.put("stepOtherShare", round(other / sampling));
        if (denoiserSpec != null) {
            // rows per denoiser run: every candidate, twice when guidance adds the unconditional rows
            long rows = (long) prompts * candidates * (guidance == 1.0 ? 1 : 2);
            double flopPerStep = 2.0 * DenoiserWork.multiplyAddsPerRow(denoiserSpec) * rows;
            r.put("denoiserGflopPerStep", round(flopPerStep / 1e9));
            r.put("denoiserGflopPerSecond", round(flopPerStep / (denoiser / stepsRun / 1e9) / 1e9));
        }
        r.put("decodeMs", round(decode / (double) runs / 1e6));
        r.put("clipScoreAndPngMs", round(score / (double) runs / 1e6));
        r.put("textEncodeMs", round(text / (double) runs / 1e6));
        r.put("bestOfNSeconds", round(total / (double) runs / 1e9));
        // one kept image per prompt: best-of-N images per second
        r.put("imagesPerSecond", round(prompts * runs / (total / 1e9)));
        r.put("candidatesPerSecond", round((double) prompts * candidates * runs / (total / 1e9)));
        return r;
    }

    private GenerationSettings settings(int stepCount) {
        return new GenerationSettings(candidates, 1, stepCount, guidance, truncation);
    }

    private List<String> promptList() {
        List<String> list = new ArrayList<>();
        for (int p = 0; p < prompts; p++) {
            list.add("a photo of a red circle number " + p);
        }
        return list;
    }

    private long[] seeds(int run) {
        long[] s = new long[prompts];
        for (int p = 0; p < prompts; p++) {
            s[p] = 1000L * run + p;
        }
        return s;
    }

    RandomBundleFactory factory() {
        RandomBundleFactory.Builder b = switch (preset) {
            case tiny -> RandomBundleFactory.builder();
            case demo -> RandomBundleFactory.demo();
            case paper -> RandomBundleFactory.paper();
        };
        // the bench passes its sampling settings explicitly; the vq_encoder is only for training
        b.optSeed(seed).optIncludeEncoder(false).optInt8Denoiser(precisions.contains(DenoiserPrecision.INT8));
        if (imageSize != null) {
            b.optImageSize(imageSize);
            b.optClipImageSize(imageSize);
        }
        if (codeGrid != null) {
            b.optCodeGrid(codeGrid);
        }
        if (codebookSize != null) {
            b.optCodebookSize(codebookSize);
        }
        if (layers != null) {
            b.optDenoiserLayers(layers);
        }
        if (width != null) {
            b.optDenoiserWidth(width);
        }
        if (heads != null) {
            b.optDenoiserHeads(heads);
        }
        if (mlpRatio != null) {
            b.optMlpRatio(mlpRatio);
        }
        if (clipDim != null) {
            b.optClipDim(clipDim);
        }
        if (timesteps != null) {
            b.optTimesteps(timesteps);
        }
        return b.build();
    }

    private static Map<String, Object> sizes(RandomBundleFactory factory) {
        var d = factory.denoiserSpec();
        var m = factory.manifest();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("imageSize", m.imageSize());
        s.put("codeGrid", d.gridHeight() + "x" + d.gridWidth());
        s.put("codebookSize", d.codebookSize());
        s.put("layers", d.layers());
        s.put("width", d.width());
        s.put("heads", d.heads());
        s.put("mlpHidden", d.mlpWidth());
        s.put("clipDim", d.clipDim());
        s.put("timesteps", d.timesteps());
        s.put("denoiserParameters", d.layout().parameterCount());
        return s;
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Runs the bench on its own (it is also the {@code bench} subcommand of the trainer command line). */
    public static void main(String[] args) {
        int exit = new CommandLine(new BenchCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
