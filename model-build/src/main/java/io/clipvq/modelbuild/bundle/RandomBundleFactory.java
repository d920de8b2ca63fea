package io.clipvq.modelbuild.bundle;

import io.clipvq.contracts.Seeds;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.modelbuild.graphs.ClipImageGraph;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import io.clipvq.modelbuild.graphs.ClipTextGraph;
import io.clipvq.modelbuild.graphs.ClipTextSpec;
import io.clipvq.modelbuild.graphs.DenoiserGraph;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.RandomWeights;
import io.clipvq.modelbuild.graphs.VqDecoderGraph;
import io.clipvq.modelbuild.graphs.VqEncoderGraph;
import io.clipvq.modelbuild.graphs.VqGanSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a complete, loadable model bundle whose five models have seeded random weights: for tests of
 * everything downstream of the models (sampler, worker, bench), which need real graphs of the right sizes but
 * no trained quality. Same options and seed, same bytes.
 *
 * <pre>{@code
 * BundleManifest m = RandomBundleFactory.builder().optCodebookSize(64).optSeed(7).build().write(dir);
 * RandomBundleFactory.demo().build().write(dir);   // the bench's demo size
 * }</pre>
 *
 * Defaults are tiny: 16x16 images, 4x4 codes, K = 32, denoiser 2 layers of width 32 with 2 heads, D = 32,
 * T = 100, CLIP towers of one layer of width 32. Weights are N(0, scale^2) (scale 0.02), LayerNorm gains 1 +
 * N(0, scale^2); the null condition is a random unit vector of length D.
 */
public final class RandomBundleFactory {
    private final Builder b;

    private RandomBundleFactory(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bench's demo size: 32x32 images, 8x8 codes, K = 256, 6 layers of width 256, 8 heads, D = 256. */
    public static Builder demo() {
        return builder().optName("random-demo").optImageSize(32).optCodeGrid(8).optCodebookSize(256)
                .optDenoiserLayers(6).optDenoiserWidth(256).optDenoiserHeads(8).optClipDim(256)
                .optClipTextWidth(256).optClipTextLayers(2).optClipTextHeads(4)
                .optClipImageSize(32).optClipPatchSize(4).optClipImageWidth(256).optClipImageLayers(2).optClipImageHeads(4)
                .optVqCodeDim(64).optVqChannels(64);
    }

    /**
     * The paper's size: 256x256 images, 16x16 codes, K = 4096, code dim 256, 24 layers of width 512 with 16
     * heads; CLIP towers shaped like ViT-B/32 (D = 512). About 1 GB of weights: for GPU benchmarks.
     */
    public static Builder paper() {
        return builder().optName("random-paper").optImageSize(256).optCodeGrid(16).optCodebookSize(4096)
                .optDenoiserLayers(24).optDenoiserWidth(512).optDenoiserHeads(16).optClipDim(512)
                .optClipTextWidth(512).optClipTextLayers(12).optClipTextHeads(8)
                .optClipImageSize(224).optClipPatchSize(32).optClipImageWidth(768).optClipImageLayers(12).optClipImageHeads(12)
                .optVqCodeDim(256).optVqChannels(128);
    }

    public DenoiserSpec denoiserSpec() {
        return new DenoiserSpec(b.codebookSize, b.codeGrid, b.codeGrid, b.denoiserWidth, b.denoiserLayers,
                b.denoiserHeads, b.mlpRatio, b.clipDim, b.timesteps, b.mlp);
    }

    public ClipTextSpec clipTextSpec() {
        return new ClipTextSpec(ClipTextSpec.CLIP_VOCAB_SIZE, ClipTextSpec.CLIP_CONTEXT_LENGTH, b.clipTextWidth,
                b.clipTextLayers, b.clipTextHeads, 4, b.clipDim);
    }

    public ClipImageSpec clipImageSpec() {
        return new ClipImageSpec(b.clipImageSize, b.clipPatchSize, b.clipImageWidth, b.clipImageLayers,
                b.clipImageHeads, 4, b.clipDim);
    }

    public VqGanSpec vqGanSpec() {
        if (b.imageSize % b.codeGrid != 0) {
            throw new IllegalArgumentException("imageSize (" + b.imageSize + ") must be a multiple of codeGrid ("
                    + b.codeGrid + ")");
        }
        return new VqGanSpec(b.codebookSize, b.vqCodeDim, b.codeGrid, b.codeGrid, b.imageSize / b.codeGrid, b.vqChannels);
    }

    /** The manifest this factory writes, before the files' checksums are filled in. */
    public BundleManifest manifest() {
        return new BundleManifest(BundleManifest.FORMAT_VERSION, b.name, b.version, b.codebookSize,
                new BundleManifest.CodeGrid(b.codeGrid, b.codeGrid), b.imageSize, b.clipDim,
                BundleManifest.Diffusion.linear(b.timesteps),
                new BundleManifest.Sampling(b.timesteps, b.truncation, b.guidanceScale, b.candidates),
                BundleManifest.ClipPreprocessing.openAi(b.clipImageSize), BundleSignatures.NULL_CONDITION, Map.of());
    }

    /** The weights of each model, from the factory's seed (one stream per model). */
    public Map<String, float[]> denoiserWeights() {
        return RandomWeights.generate(denoiserSpec().layout(), Seeds.derive(b.seed, 0), b.scale);
    }

    public Map<String, float[]> clipTextWeights() {
        return RandomWeights.generate(clipTextSpec().layout(), Seeds.derive(b.seed, 1), b.scale);
    }

    public Map<String, float[]> clipImageWeights() {
        return RandomWeights.generate(clipImageSpec().layout(), Seeds.derive(b.seed, 2), b.scale);
    }

    public Map<String, float[]> vqGanWeights() {
        return RandomWeights.generate(vqGanSpec().layout(), Seeds.derive(b.seed, 3), b.scale);
    }

    /** The null condition: a random unit vector of length D. */
    public float[] nullCondition() {
        SplittableRandom random = new SplittableRandom(Seeds.derive(b.seed, 4));
        double[] v = new double[b.clipDim];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
            norm += v[i] * v[i];
        }
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return unit;
    }

    /**
     * Writes the bundle into {@code directory} (created if needed, must be empty); returns the manifest as
     * written. Each model is generated, serialised and dropped in turn, so that large sizes fit in memory.
     */
    public BundleManifest write(Path directory) throws IOException {
        BundleManifest manifest = manifest();
        // fail on inconsistent sizes before generating anything large
        VqGanSpec vq = vqGanSpec();
        DenoiserSpec denoiser = denoiserSpec();
        ClipTextSpec clipText = clipTextSpec();
        ClipImageSpec clipImage = clipImageSpec();
        Map<String, float[]> denoiserWeights = denoiserWeights();
        BundleWriter writer = new BundleWriter(manifest)
                .onnx(BundleSignatures.DENOISER, DenoiserGraph.build(denoiser, denoiserWeights));
        if (b.int8Denoiser) {
            writer.onnx(BundleSignatures.DENOISER_INT8,
                    DenoiserGraph.build(denoiser, denoiserWeights, DenoiserPrecision.INT8));
        }
        writer
                .onnx(BundleSignatures.CLIP_TEXT, ClipTextGraph.build(clipText, clipTextWeights()))
                .onnx(BundleSignatures.CLIP_IMAGE, ClipImageGraph.build(clipImage, clipImageWeights()));
        Map<String, float[]> vqWeights = vqGanWeights();
        writer.onnx(BundleSignatures.VQ_DECODER, VqDecoderGraph.build(vq, vqWeights));
        if (b.includeEncoder) {
            writer.onnx(BundleSignatures.VQ_ENCODER, VqEncoderGraph.build(vq, vqWeights));
        }
        return writer.nullCondition(nullCondition()).write(directory);
    }

    /** Every size of the bundle; unset options keep the tiny defaults. */
    public static final class Builder {
        private String name = "random-tiny";
        private String version = "0.0.0";
        private long seed = 1;
        private double scale = RandomWeights.DEFAULT_SCALE;
        private int imageSize = 16;
        private int codeGrid = 4;
        private int codebookSize = 32;
        private int denoiserLayers = 2;
        private int denoiserWidth = 32;
        private int denoiserHeads = 2;
        private int mlpRatio = 4;
        private DenoiserSpec.Mlp mlp = DenoiserSpec.Mlp.LINEAR;
        private int clipDim = 32;
        private int timesteps = 100;
        private int clipTextWidth = 32;
        private int clipTextLayers = 1;
        private int clipTextHeads = 2;
        private Integer clipImageSize;
        private int clipPatchSize = 4;
        private int clipImageWidth = 32;
        private int clipImageLayers = 1;
        private int clipImageHeads = 2;
        private int vqCodeDim = 8;
        private int vqChannels = 16;
        private boolean includeEncoder = true;
        private boolean int8Denoiser;
        private double truncation = 0.9;
        private double guidanceScale = 3.0;
        private int candidates = 16;

        private Builder() {
        }

        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        public Builder optVersion(String version) {
            this.version = version;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Standard deviation of the random weights (default 0.02). */
        public Builder optScale(double scale) {
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("scale must be finite and non-negative, got " + scale);
            }
            this.scale = scale;
            return this;
        }

        /** H = W of the images (a power-of-two multiple of the code grid). */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** h = w of the code grid. */
        public Builder optCodeGrid(int side) {
            this.codeGrid = side;
            return this;
        }

        /** K. */
        public Builder optCodebookSize(int codebookSize) {
            this.codebookSize = codebookSize;
            return this;
        }

        public Builder optDenoiserLayers(int layers) {
            this.denoiserLayers = layers;
            return this;
        }

        public Builder optDenoiserWidth(int width) {
            this.denoiserWidth = width;
            return this;
        }

        public Builder optDenoiserHeads(int heads) {
            this.denoiserHeads = heads;
            return this;
        }

        /** MLP hidden width = ratio * width (default 4). */
        public Builder optMlpRatio(int ratio) {
            this.mlpRatio = ratio;
            return this;
        }

        /** The denoiser's MLP variant (default LINEAR; CONV3X3 is the CLIP-VQDiffusion code's). */
        public Builder optDenoiserMlp(DenoiserSpec.Mlp mlp) {
            this.mlp = mlp;
            return this;
        }

        /** D. */
        public Builder optClipDim(int clipDim) {
            this.clipDim = clipDim;
            return this;
        }

        /** T. */
        public Builder optTimesteps(int timesteps) {
            this.timesteps = timesteps;
            return this;
        }

        public Builder optClipTextWidth(int width) {
            this.clipTextWidth = width;
            return this;
        }

        public Builder optClipTextLayers(int layers) {
            this.clipTextLayers = layers;
            return this;
        }

        public Builder optClipTextHeads(int heads) {
            this.clipTextHeads = heads;
            return this;
        }

        /** S, clip_image's input side (default: the image size). */
        public Builder optClipImageSize(int size) {
            this.clipImageSize = size;
            return this;
        }

        public Builder optClipPatchSize(int patchSize) {
            this.clipPatchSize = patchSize;
            return this;
        }

        public Builder optClipImageWidth(int width) {
            this.clipImageWidth = width;
            return this;
        }

        public Builder optClipImageLayers(int layers) {
            this.clipImageLayers = layers;
            return this;
        }

        public Builder optClipImageHeads(int heads) {
            this.clipImageHeads = heads;
            return this;
        }

        /** Dimension of a VQ codebook entry. */
        public Builder optVqCodeDim(int codeDim) {
            this.vqCodeDim = codeDim;
            return this;
        }

        /** Channels of the VQ encoder's and decoder's hidden convolutions. */
        public Builder optVqChannels(int channels) {
            this.vqChannels = channels;
            return this;
        }

        /** Whether vq_encoder.onnx is written (default true; workers do not need it). */
        public Builder optIncludeEncoder(boolean include) {
            this.includeEncoder = include;
            return this;
        }

        /** Whether denoiser_int8.onnx is written beside the fp32 denoiser (default false; fp32 stays the default). */
        public Builder optInt8Denoiser(boolean include) {
            this.int8Denoiser = include;
            return this;
        }

        /** Sampling defaults written to the manifest (steps default to T). */
        public Builder optSamplingDefaults(double truncation, double guidanceScale, int candidates) {
            this.truncation = truncation;
            this.guidanceScale = guidanceScale;
            this.candidates = candidates;
            return this;
        }

        public RandomBundleFactory build() {
            RandomBundleFactory factory = new RandomBundleFactory(copy());
            // every spec checks its own sizes and names the offending option
            factory.denoiserSpec();
            factory.clipTextSpec();
            factory.clipImageSpec();
            factory.vqGanSpec();
            return factory;
        }

        private Builder copy() {
            Builder c = new Builder();
            c.name = name;
            c.version = version;
            c.seed = seed;
            c.scale = scale;
            c.imageSize = imageSize;
            c.codeGrid = codeGrid;
            c.codebookSize = codebookSize;
            c.denoiserLayers = denoiserLayers;
            c.denoiserWidth = denoiserWidth;
            c.denoiserHeads = denoiserHeads;
            c.mlpRatio = mlpRatio;
            c.mlp = mlp;
            c.clipDim = clipDim;
            c.timesteps = timesteps;
            c.clipTextWidth = clipTextWidth;
            c.clipTextLayers = clipTextLayers;
            c.clipTextHeads = clipTextHeads;
            c.clipImageSize = clipImageSize == null ? imageSize : clipImageSize;
            c.clipPatchSize = clipPatchSize;
            c.clipImageWidth = clipImageWidth;
            c.clipImageLayers = clipImageLayers;
            c.clipImageHeads = clipImageHeads;
            c.vqCodeDim = vqCodeDim;
            c.vqChannels = vqChannels;
            c.includeEncoder = includeEncoder;
            c.int8Denoiser = int8Denoiser;
            c.truncation = truncation;
            c.guidanceScale = guidanceScale;
            c.candidates = candidates;
            return c;
        }
    }
}
