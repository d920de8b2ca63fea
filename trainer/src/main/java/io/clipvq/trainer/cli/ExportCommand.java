package io.clipvq.trainer.cli;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.checkpoint.ModelSpecs;
import io.clipvq.trainer.diffusion.DiffusionTraining;
import io.clipvq.trainer.export.BundleExporter;
import io.clipvq.trainer.tokenizer.ImageTokenizer;
import io.clipvq.trainer.tokenizer.ImageTokenizers;
import io.clipvq.trainer.tokenizer.TokenizerExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes a model bundle from a VQ-GAN and a diffusion checkpoint plus the CLIP bundle they were trained with. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model bundle (ONNX files through model-build's graph builders, manifest with "
                + "sha256).")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--vqgan", description = "vqgan.ckpt; or give --tokenizer") Path vqgan;
    @Option(names = "--tokenizer", paramLabel = "FILE", description = "a palette tokenizer file (build-palette) instead of --vqgan")
    Path tokenizerFile;
    @Option(names = "--diffusion", required = true, description = "diffusion.ckpt (its EMA weights are exported)") Path diffusion;
    @Option(names = "--clip-bundle", required = true, description = "the bundle whose CLIP made the training embeddings") Path clipBundle;
    @Option(names = "--out", required = true, description = "bundle directory to create (must be empty or absent)") Path out;
    @Option(names = "--name", defaultValue = "clipvq") String name;
    @Option(names = "--version", defaultValue = "0.1.0") String version;
    @Option(names = "--sampling-steps", description = "default sampling steps (default: T)") Integer samplingSteps;
    @Option(names = "--truncation", defaultValue = "0.9") double truncation;
    @Option(names = "--guidance-scale", defaultValue = "3.0") double guidanceScale;
    @Option(names = "--candidates", defaultValue = "16") int candidates;
    @Option(names = "--condition-noise", defaultValue = "0", paramLabel = "ALPHA", description = "default condition"
            + " noise at sampling, 0..2 (docs/method.md#condition-noise-at-sampling; the pipelines pass the alpha the"
            + " generator was trained with; default ${DEFAULT-VALUE})") double conditionNoise;
    @Option(names = "--near-duplicate-cosine", paramLabel = "C", description = "default near-duplicate threshold of"
            + " the distinct reranking, in (0, 1] (docs/method.md#best-of-n-clip-reranking; default: absent, identical"
            + " images only)") Double nearDuplicateCosine;
    @Option(names = "--score-margin", paramLabel = "M", description = "default score margin of the distinct"
            + " reranking, 0..2 (default: absent, no limit)") Double scoreMargin;

    @Option(names = "--int8", description = "also write denoiser_int8.onnx, the denoiser with int8 Linear layers "
            + "(docs/method.md#int8-denoiser)") boolean int8;
    @Option(names = "--default-denoiser", paramLabel = "fp32|int8", defaultValue = "fp32",
            converter = io.clipvq.trainer.cli.options.DenoiserPrecisionConverter.class,
            description = "the denoiser workers run unless told otherwise; int8 needs --int8 (default ${DEFAULT-VALUE})")
    io.clipvq.contracts.bundle.DenoiserPrecision defaultDenoiser;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TokenizerExport tokenizer;
        try (ImageTokenizer opened = ImageTokenizers.open(vqgan, tokenizerFile)) {
            tokenizer = opened.export();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Checkpoint dm = Checkpoint.load(diffusion);
        dm.requireKind("diffusion");
        DenoiserSpec denoiserSpec = ModelSpecs.denoiser(dm.longs(ModelSpecs.KEY));
        float[] nullCondition = unit(dm.tensors().get("model." + DiffusionTraining.NULL_CONDITION));
        BundleManifest written = new BundleExporter(tokenizer, denoiserSpec,
                dm.tensorsWithPrefix("ema."), nullCondition, BundleLoader.load(clipBundle))
                .optName(name).optVersion(version)
                .optInt8Denoiser(int8, defaultDenoiser == io.clipvq.contracts.bundle.DenoiserPrecision.INT8)
                .optSampling(new BundleManifest.Sampling(samplingSteps == null ? denoiserSpec.timesteps() : samplingSteps,
                        truncation, guidanceScale, candidates, conditionNoise)
                        .withReranking(nearDuplicateCosine, scoreMargin))
                .write(out);
        BundleLoader.load(out);
        System.err.println("wrote bundle " + written.name() + " " + written.version() + " to " + out + " ("
                + written.files().size() + " files, verified)");
        return 0;
    }

    static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(s));
        }
        return out;
    }
}
