package io.clipvq.contracts.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * manifest.json of a model bundle: the contract between the trainer that writes a bundle and the workers that
 * load it. JSON Schema: /schemas/bundle-manifest.schema.json; read and written by {@link BundleManifestJson}.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param codebookSize  K, the number of VQ codes; the [MASK] token is index K
 * @param codeGrid      h x w codes per image (N = h * w)
 * @param imageSize     H = W of the images vq_decoder makes
 * @param clipDim       D, the CLIP embedding dimension (conditions, text and image embeddings, null condition)
 * @param nullCondition the file, listed in {@code files}, that holds the learned null condition
 * @param denoiserPrecision the denoiser engines open unless told otherwise; absent (null) means fp32, as in
 *                      bundles made before the int8 denoiser existed
 * @param files         every file of the bundle, relative path -> lowercase hex sha256
 */
@JsonPropertyOrder({"formatVersion", "name", "version", "codebookSize", "codeGrid", "imageSize", "clipDim",
        "diffusion", "sampling", "clip", "nullCondition", "denoiserPrecision", "files"})
public record BundleManifest(int formatVersion, String name, String version, int codebookSize, CodeGrid codeGrid,
                             int imageSize, int clipDim, Diffusion diffusion, Sampling sampling,
                             ClipPreprocessing clip, String nullCondition,
                             @JsonInclude(JsonInclude.Include.NON_NULL) DenoiserPrecision denoiserPrecision,
                             Map<String, String> files) {

    public static final int FORMAT_VERSION = 1;

    public BundleManifest {
        // sorted, so that the same bundle always gives the same manifest bytes
        files = files == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** A manifest of a bundle with the fp32 denoiser only. */
    public BundleManifest(int formatVersion, String name, String version, int codebookSize, CodeGrid codeGrid,
                          int imageSize, int clipDim, Diffusion diffusion, Sampling sampling,
                          ClipPreprocessing clip, String nullCondition, Map<String, String> files) {
        this(formatVersion, name, version, codebookSize, codeGrid, imageSize, clipDim, diffusion, sampling, clip,
                nullCondition, null, files);
    }

    /** The same manifest listing {@code newFiles} (name -> sha256). */
    public BundleManifest withFiles(Map<String, String> newFiles) {
        return new BundleManifest(formatVersion, name, version, codebookSize, codeGrid, imageSize, clipDim,
                diffusion, sampling, clip, nullCondition, denoiserPrecision, newFiles);
    }

    /** The same manifest under another version. */
    public BundleManifest withVersion(String newVersion) {
        return new BundleManifest(formatVersion, name, newVersion, codebookSize, codeGrid, imageSize, clipDim,
                diffusion, sampling, clip, nullCondition, denoiserPrecision, files);
    }

    /** The same manifest with other sampling defaults. */
    public BundleManifest withSampling(Sampling newSampling) {
        return new BundleManifest(formatVersion, name, version, codebookSize, codeGrid, imageSize, clipDim,
                diffusion, newSampling, clip, nullCondition, denoiserPrecision, files);
    }

    /** The same manifest with {@code precision} as its default denoiser. */
    public BundleManifest withDenoiserPrecision(DenoiserPrecision precision) {
        return new BundleManifest(formatVersion, name, version, codebookSize, codeGrid, imageSize, clipDim,
                diffusion, sampling, clip, nullCondition, precision, files);
    }

    /** The denoiser engines open unless told otherwise: fp32 when the manifest does not say. */
    public DenoiserPrecision defaultDenoiserPrecision() {
        return denoiserPrecision == null ? DenoiserPrecision.FP32 : denoiserPrecision;
    }

    /** N, the number of code positions per image. */
    public int codeCount() {
        return codeGrid.height() * codeGrid.width();
    }

    /**
     * The rules that a JSON Schema cannot state (they relate several fields); empty when the manifest is
     * consistent. Each problem names the field and the value.
     */
    public List<String> consistencyProblems() {
        List<String> problems = new ArrayList<>();
        if (formatVersion != FORMAT_VERSION) {
            problems.add("formatVersion: " + formatVersion + " is not supported (supported: " + FORMAT_VERSION + ")");
        }
        if (diffusion != null) {
            problems.addAll(diffusion.problems());
            if (sampling != null && sampling.steps() > diffusion.timesteps()) {
                problems.add("sampling.steps: " + sampling.steps() + " exceeds diffusion.timesteps "
                        + diffusion.timesteps());
            }
        }
        if (denoiserPrecision != null && !files.containsKey(denoiserPrecision.fileName())) {
            problems.add("denoiserPrecision: '" + denoiserPrecision.label() + "' needs " + denoiserPrecision.fileName()
                    + ", which is not listed in files");
        }
        if (nullCondition != null && !files.containsKey(nullCondition)) {
            problems.add("nullCondition: '" + nullCondition + "' is not listed in files");
        }
        boolean gridDividesImage = codeGrid == null
                || imageSize % codeGrid.height() == 0 && imageSize % codeGrid.width() == 0;
        if (!gridDividesImage) {
            problems.add("imageSize: " + imageSize + " is not a multiple of codeGrid " + codeGrid.height() + "x"
                    + codeGrid.width());
        }
        return problems;
    }

    public record CodeGrid(int height, int width) {
    }

    /**
     * The mask-and-replace schedule: abar_t (token kept) and gbar_t (token masked) move linearly from their
     * t = 1 values to their t = T values.
     */
    @JsonPropertyOrder({"timesteps", "schedule", "alphaBar1", "alphaBarT", "gammaBar1", "gammaBarT"})
    public record Diffusion(int timesteps, String schedule, double alphaBar1, double alphaBarT, double gammaBar1,
                            double gammaBarT) {

        public static final String LINEAR = "linear";

        /** The VQ-Diffusion defaults: abar 0.99999 -> 0.000009, gbar 0.000009 -> 0.99999. */
        public static Diffusion linear(int timesteps) {
            return new Diffusion(timesteps, LINEAR, 0.99999, 0.000009, 0.000009, 0.99999);
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (!LINEAR.equals(schedule)) {
                problems.add("diffusion.schedule: '" + schedule + "' is not supported (supported: linear)");
            }
            // strictly below 1: the uniform part bbar = (1 - abar - gbar) / K must stay positive, or the
            // posterior divides by zero (the engine's DiffusionSchedule refuses it too)
            if (!(alphaBar1 + gammaBar1 < 1) || !(alphaBarT + gammaBarT < 1)) {
                problems.add("diffusion: alphaBar + gammaBar must stay below 1 (t = 1: " + (alphaBar1 + gammaBar1)
                        + ", t = T: " + (alphaBarT + gammaBarT) + ")");
            }
            if (alphaBarT > alphaBar1) {
                problems.add("diffusion.alphaBarT: " + alphaBarT + " must not exceed alphaBar1 " + alphaBar1);
            }
            if (gammaBarT < gammaBar1) {
                problems.add("diffusion.gammaBarT: " + gammaBarT + " must not be below gammaBar1 " + gammaBar1);
            }
            return problems;
        }
    }

    /**
     * Defaults used when a job does not say otherwise.
     *
     * @param conditionNoise pseudo-text noise alpha the engine adds to a prompt's embedding per candidate
     *                       (docs/method.md#condition-noise-at-sampling); absent (null) in bundles made before it
     *                       existed, which sample without it
     * @param nearDuplicateCosine under the distinct reranking, the near-duplicate threshold
     *                       (docs/method.md#best-of-n-clip-reranking); absent = 1, identical images only
     * @param scoreMargin    under the distinct reranking, how far below an image's best candidate a kept one may
     *                       score; absent = no limit
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sampling(int steps, double truncation, double guidanceScale, int candidates, Double conditionNoise,
                           Double nearDuplicateCosine, Double scoreMargin) {

        /** Sampling defaults without condition noise. */
        public Sampling(int steps, double truncation, double guidanceScale, int candidates) {
            this(steps, truncation, guidanceScale, candidates, null);
        }

        /** Sampling defaults with the reranking's own defaults. */
        public Sampling(int steps, double truncation, double guidanceScale, int candidates, Double conditionNoise) {
            this(steps, truncation, guidanceScale, candidates, conditionNoise, null, null);
        }

        /** The same defaults with the given reranking defaults (null: the reranking's own). */
        public Sampling withReranking(Double nearDuplicateCosine, Double scoreMargin) {
            return new Sampling(steps, truncation, guidanceScale, candidates, conditionNoise, nearDuplicateCosine,
                    scoreMargin);
        }

        /** The condition noise to sample with: 0 when the manifest does not say. */
        public double conditionNoiseOrZero() {
            return conditionNoise == null ? 0 : conditionNoise;
        }
    }

    /**
     * How images are prepared for clip_image: the shorter side resized to {@code imageSize} with {@code resize}
     * interpolation, a centre crop to imageSize x imageSize, RGB in [0, 1], then (x - mean) / std per channel.
     * {@code contextLength} is the number of token ids clip_text takes per text.
     */
    public record ClipPreprocessing(int imageSize, List<Double> mean, List<Double> std, ResizeMode resize,
                                    int contextLength) {

        public static final List<Double> OPENAI_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
        public static final List<Double> OPENAI_STD = List.of(0.26862954, 0.26130258, 0.27577711);
        public static final int OPENAI_CONTEXT_LENGTH = 77;

        public ClipPreprocessing {
            mean = mean == null ? null : List.copyOf(mean);
            std = std == null ? null : List.copyOf(std);
        }

        /** OpenAI CLIP's preprocessing (bicubic, its mean and std, 77 tokens) at side {@code imageSize}. */
        public static ClipPreprocessing openAi(int imageSize) {
            return new ClipPreprocessing(imageSize, OPENAI_MEAN, OPENAI_STD, ResizeMode.BICUBIC,
                    OPENAI_CONTEXT_LENGTH);
        }
    }

    public enum ResizeMode {
        @JsonProperty("bicubic") BICUBIC,
        @JsonProperty("bilinear") BILINEAR
    }
}
