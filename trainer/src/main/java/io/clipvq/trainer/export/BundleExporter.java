package io.clipvq.trainer.export;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.modelbuild.bundle.BundleWriter;
import io.clipvq.modelbuild.graphs.DenoiserGraph;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.modelbuild.quantize.Int8Linears;
import io.clipvq.trainer.tokenizer.TokenizerExport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Assembles a model bundle from trained weights. Every ONNX file is written by model-build's graph builders from
 * the trainer's named weights (one ONNX writer in the project); the CLIP towers and tokenizer come from the CLIP
 * bundle whose image encoder made the training embeddings, because the generator is only meaningful with that
 * CLIP. The manifest's schedule is the linear VQ-Diffusion one the trainer used.
 */
public final class BundleExporter {
    private final TokenizerExport tokenizer;
    private final DenoiserSpec denoiserSpec;
    private final Map<String, float[]> denoiserWeights;
    private final float[] nullCondition;
    private final ModelBundle clipBundle;
    private String name = "clipvq";
    private String version = "0.1.0";
    private BundleManifest.Sampling sampling;
    private boolean int8Denoiser;
    private DenoiserPrecision defaultDenoiser = DenoiserPrecision.FP32;

    public BundleExporter(VqGanSpec vqSpec, Map<String, float[]> vqWeights, DenoiserSpec denoiserSpec,
                          Map<String, float[]> denoiserWeights, float[] nullCondition, ModelBundle clipBundle) {
        this(TokenizerExport.vqGan(vqSpec, vqWeights), denoiserSpec, denoiserWeights, nullCondition, clipBundle);
    }

    /** With any tokenizer (VQ-GAN or palette); its vq_encoder.onnx is written only if it has one. */
    public BundleExporter(TokenizerExport tokenizer, DenoiserSpec denoiserSpec, Map<String, float[]> denoiserWeights,
                          float[] nullCondition, ModelBundle clipBundle) {
        if (tokenizer.codebookSize() != denoiserSpec.codebookSize() || tokenizer.gridHeight() != denoiserSpec.gridHeight()
                || tokenizer.gridWidth() != denoiserSpec.gridWidth()) {
            throw new IllegalArgumentException("the tokenizer (K=" + tokenizer.codebookSize() + ", grid " + tokenizer.gridHeight() + "x"
                    + tokenizer.gridWidth() + ") and the denoiser (K=" + denoiserSpec.codebookSize() + ", grid "
                    + denoiserSpec.gridHeight() + "x" + denoiserSpec.gridWidth() + ") do not belong together");
        }
        if (clipBundle.manifest().clipDim() != denoiserSpec.clipDim()) {
            throw new IllegalArgumentException("the CLIP bundle has D=" + clipBundle.manifest().clipDim()
                    + ", the denoiser was trained with D=" + denoiserSpec.clipDim());
        }
        this.tokenizer = tokenizer;
        this.denoiserSpec = denoiserSpec;
        this.denoiserWeights = denoiserWeights;
        this.nullCondition = nullCondition.clone();
        this.clipBundle = clipBundle;
        this.sampling = new BundleManifest.Sampling(denoiserSpec.timesteps(), 0.9, 3.0, 16);
    }

    public BundleExporter optName(String value) {
        this.name = value;
        return this;
    }

    public BundleExporter optVersion(String value) {
        this.version = value;
        return this;
    }

    public BundleExporter optSampling(BundleManifest.Sampling value) {
        this.sampling = value;
        return this;
    }

    /** Also write denoiser_int8.onnx (docs/method.md#int8-denoiser); {@code isDefault} names it the default. */
    public BundleExporter optInt8Denoiser(boolean write, boolean isDefault) {
        if (isDefault && !write) {
            throw new IllegalArgumentException("the int8 denoiser can be the default only when it is written");
        }
        this.int8Denoiser = write;
        this.defaultDenoiser = isDefault ? DenoiserPrecision.INT8 : DenoiserPrecision.FP32;
        return this;
    }

    public BundleManifest manifest() {
        return new BundleManifest(BundleManifest.FORMAT_VERSION, name, version, tokenizer.codebookSize(),
                new BundleManifest.CodeGrid(tokenizer.gridHeight(), tokenizer.gridWidth()), tokenizer.imageSize(),
                denoiserSpec.clipDim(), trainedSchedule(denoiserSpec.timesteps()), sampling,
                clipBundle.manifest().clip(), BundleSignatures.NULL_CONDITION,
                defaultDenoiser == DenoiserPrecision.FP32 ? null : defaultDenoiser, Map.of());
    }

    /** The schedule training used ({@link DiffusionSchedule#standard}), written from the engine's constants. */
    static BundleManifest.Diffusion trainedSchedule(int timesteps) {
        return new BundleManifest.Diffusion(timesteps, BundleManifest.Diffusion.LINEAR, DiffusionSchedule.DEFAULT_ABAR_START,
                DiffusionSchedule.DEFAULT_ABAR_END, DiffusionSchedule.DEFAULT_GBAR_START, DiffusionSchedule.DEFAULT_GBAR_END);
    }

    public BundleManifest write(Path directory) throws IOException {
        byte[] denoiser = DenoiserGraph.build(denoiserSpec, denoiserWeights);
        BundleWriter writer = new BundleWriter(manifest())
                .onnx(BundleSignatures.DENOISER, denoiser)
                .onnx(BundleSignatures.VQ_DECODER, tokenizer.decoderOnnx());
        if (int8Denoiser) {
            writer.onnx(BundleSignatures.DENOISER_INT8, Int8Linears.quantize(denoiser));
        }
        if (tokenizer.encoder().isPresent()) {
            writer.onnx(BundleSignatures.VQ_ENCODER, tokenizer.encoder().get());
        }
        return writer
                .onnx(BundleSignatures.CLIP_TEXT, Files.readAllBytes(clipBundle.clipText()))
                .onnx(BundleSignatures.CLIP_IMAGE, Files.readAllBytes(clipBundle.clipImage()))
                .nullCondition(nullCondition)
                .optTokenizerVocab(clipBundle.tokenizerVocab())
                .write(directory);
    }
}
