package io.clipvq.trainer.pipeline;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The generator and sampling options every world pipeline takes (a picocli mixin), with {@link GeneratorDefaults}'
 * values, and how they pass on to train-diffusion and export.
 */
public final class GeneratorOptions {
    @Option(names = "--layers", defaultValue = GeneratorDefaults.LAYERS, description = "denoiser layers (default ${DEFAULT-VALUE})")
    int layers;
    @Option(names = "--width", defaultValue = GeneratorDefaults.WIDTH, description = "denoiser width (default ${DEFAULT-VALUE})")
    int width;
    @Option(names = "--heads", defaultValue = GeneratorDefaults.HEADS, description = "(default ${DEFAULT-VALUE})")
    int heads;
    @Option(names = "--timesteps", defaultValue = GeneratorDefaults.TIMESTEPS, description = "T (default ${DEFAULT-VALUE})")
    int timesteps;
    @Option(names = "--diffusion-batch-size", defaultValue = GeneratorDefaults.BATCH_SIZE, description = "(default ${DEFAULT-VALUE})")
    int batchSize;
    @Option(names = "--diffusion-learning-rate", defaultValue = GeneratorDefaults.LEARNING_RATE, description = "(default ${DEFAULT-VALUE})")
    double learningRate;
    @Option(names = "--alpha", defaultValue = GeneratorDefaults.ALPHA,
            description = "pseudo text embedding noise level (default ${DEFAULT-VALUE})")
    double alpha;
    @Option(names = "--null-probability", defaultValue = GeneratorDefaults.NULL_PROBABILITY, description = "(default ${DEFAULT-VALUE})")
    double nullProbability;
    @Option(names = "--ema-decay", defaultValue = GeneratorDefaults.EMA_DECAY, description = "(default ${DEFAULT-VALUE})")
    double emaDecay;
    @Option(names = "--decay-fraction", defaultValue = GeneratorDefaults.DECAY_FRACTION,
            description = "share of the diffusion steps over which the learning rate falls to 0 (default ${DEFAULT-VALUE})")
    double decayFraction;
    @Option(names = "--max-grad-norm", defaultValue = GeneratorDefaults.MAX_GRAD_NORM,
            description = "the diffusion gradient norm is clipped to this before each update (default ${DEFAULT-VALUE})")
    double maxGradNorm;
    @Option(names = "--guidance-scale", defaultValue = GeneratorDefaults.GUIDANCE_SCALE, description = "s of the bundle (default ${DEFAULT-VALUE})")
    double guidanceScale;
    @Option(names = "--truncation", defaultValue = GeneratorDefaults.TRUNCATION, description = "r of the bundle (default ${DEFAULT-VALUE})")
    double truncation;
    @Option(names = "--candidates", defaultValue = GeneratorDefaults.CANDIDATES, description = "best-of-N of the bundle (default ${DEFAULT-VALUE})")
    int candidates;
    @Option(names = "--condition-noise", paramLabel = "ALPHA", description = "the bundle's condition noise at sampling"
            + " (default: --alpha, the noise the generator is trained with)")
    Double conditionNoise;
    @Option(names = "--near-duplicate-cosine", paramLabel = "C", description = "the bundle's near-duplicate"
            + " threshold for the distinct reranking (default: none, identical images only)")
    Double nearDuplicateCosine;
    @Option(names = "--score-margin", paramLabel = "M", description = "the bundle's score margin for the distinct"
            + " reranking (default: none)")
    Double scoreMargin;

    /**
     * train-diffusion's options for a run of {@code steps} steps: the model, the schedule and the conditioning, with
     * five sample pictures and twenty checkpoints over the run; the caller adds data, tokenizer, CLIP, run dir and seed.
     */
    public List<Object> trainDiffusionArgs(long steps) {
        return new ArrayList<>(List.of("--steps", steps, "--layers", layers, "--width", width, "--heads", heads,
                "--timesteps", timesteps, "--batch-size", batchSize, "--learning-rate", learningRate, "--alpha", alpha,
                "--null-probability", nullProbability, "--ema-decay", emaDecay, "--decay-fraction", decayFraction,
                "--max-grad-norm", maxGradNorm, "--sample-every", Math.max(1, steps / 5),
                "--checkpoint-every", Math.max(1, steps / 20)));
    }

    /** export's sampling defaults for the bundle's manifest. */
    public List<Object> exportSamplingArgs() {
        return exportSamplingArgs(null, null);
    }

    /**
     * export's sampling defaults for the bundle's manifest, with a world's reranking defaults where the command line
     * sets none (null: none).
     */
    public List<Object> exportSamplingArgs(Double worldNearDuplicateCosine, Double worldScoreMargin) {
        Double nearDuplicateCosine = this.nearDuplicateCosine != null ? this.nearDuplicateCosine
                : worldNearDuplicateCosine;
        Double scoreMargin = this.scoreMargin != null ? this.scoreMargin : worldScoreMargin;
        List<Object> args = new ArrayList<>(List.of("--truncation", truncation, "--guidance-scale", guidanceScale,
                "--candidates", candidates, "--condition-noise", conditionNoise != null ? conditionNoise : alpha));
        if (nearDuplicateCosine != null) {
            args.addAll(List.of("--near-duplicate-cosine", nearDuplicateCosine));
        }
        if (scoreMargin != null) {
            args.addAll(List.of("--score-margin", scoreMargin));
        }
        return args;
    }

    public int candidates() {
        return candidates;
    }
}
