package io.clipvq.contracts.bundle;

import static io.clipvq.contracts.bundle.ElementType.FLOAT;
import static io.clipvq.contracts.bundle.ElementType.INT64;

import java.util.ArrayList;
import java.util.List;

/**
 * The files of a model bundle and the input/output signature of each ONNX file, defined once: the trainer
 * exports to these names and shapes, the loader verifies them, the engine feeds and reads them. B is the
 * batch, symbolic; every other size comes from the manifest (K, h x w = N, H = W, S, D, context length).
 */
public final class BundleSignatures {
    private BundleSignatures() {
    }

    public static final String MANIFEST = "manifest.json";
    public static final String CLIP_TEXT = "clip_text.onnx";
    public static final String CLIP_IMAGE = "clip_image.onnx";
    public static final String DENOISER = "denoiser.onnx";
    /** The optional int8 denoiser ({@link DenoiserPrecision#INT8}), with the fp32 one's signature. */
    public static final String DENOISER_INT8 = "denoiser_int8.onnx";
    public static final String VQ_DECODER = "vq_decoder.onnx";
    /** Only the trainer needs the encoder; a bundle for workers may leave it out. */
    public static final String VQ_ENCODER = "vq_encoder.onnx";
    /** D little-endian IEEE-754 float32 values, nothing else. */
    public static final String NULL_CONDITION = "null_condition.bin";
    /** OpenAI CLIP's BPE merges, gzip'd, as published with CLIP. */
    public static final String TOKENIZER_VOCAB = "tokenizer/bpe_simple_vocab_16e6.txt.gz";

    /** clip_text: input_ids int64 [B, contextLength] -> text_embeds float [B, D]. */
    public static final String CLIP_TEXT_INPUT_IDS = "input_ids";
    public static final String CLIP_TEXT_EMBEDS = "text_embeds";
    /** clip_image: pixel_values float [B, 3, S, S] (CLIP-normalised) -> image_embeds float [B, D]. */
    public static final String CLIP_IMAGE_PIXELS = "pixel_values";
    public static final String CLIP_IMAGE_EMBEDS = "image_embeds";
    /**
     * denoiser: x_t int64 [B, N] (codes 0..K-1, [MASK] = K), t int64 [B] (0-based step index t - 1, 0..T-1), cond float [B, D]
     * -> log_probs float [B, K, N], log p~(x_0 | x_t) normalised over K.
     */
    public static final String DENOISER_CODES = "x_t";
    public static final String DENOISER_TIMESTEP = "t";
    public static final String DENOISER_CONDITION = "cond";
    public static final String DENOISER_LOG_PROBS = "log_probs";
    /** vq_decoder: codes int64 [B, h, w] -> image float [B, 3, H, W], RGB in [0, 1]. */
    public static final String VQ_DECODER_CODES = "codes";
    public static final String VQ_DECODER_IMAGE = "image";
    /** vq_encoder: image float [B, 3, H, W], RGB in [0, 1] -> codes int64 [B, h, w]. */
    public static final String VQ_ENCODER_IMAGE = "image";
    public static final String VQ_ENCODER_CODES = "codes";

    /** Files every bundle has. */
    public static final List<String> REQUIRED_FILES = List.of(CLIP_TEXT, CLIP_IMAGE, DENOISER, VQ_DECODER,
            TOKENIZER_VOCAB);

    public static OnnxSignature clipText(BundleManifest m) {
        return new OnnxSignature(CLIP_TEXT,
                List.of(TensorSpec.batched(CLIP_TEXT_INPUT_IDS, INT64, m.clip().contextLength())),
                List.of(TensorSpec.batched(CLIP_TEXT_EMBEDS, FLOAT, m.clipDim())));
    }

    public static OnnxSignature clipImage(BundleManifest m) {
        long s = m.clip().imageSize();
        return new OnnxSignature(CLIP_IMAGE,
                List.of(TensorSpec.batched(CLIP_IMAGE_PIXELS, FLOAT, 3, s, s)),
                List.of(TensorSpec.batched(CLIP_IMAGE_EMBEDS, FLOAT, m.clipDim())));
    }

    public static OnnxSignature denoiser(BundleManifest m) {
        return denoiser(m, DenoiserPrecision.FP32);
    }

    /** The denoiser file of this precision; every precision has the same inputs and outputs. */
    public static OnnxSignature denoiser(BundleManifest m, DenoiserPrecision precision) {
        return new OnnxSignature(precision.fileName(),
                List.of(TensorSpec.batched(DENOISER_CODES, INT64, m.codeCount()),
                        TensorSpec.batched(DENOISER_TIMESTEP, INT64),
                        TensorSpec.batched(DENOISER_CONDITION, FLOAT, m.clipDim())),
                List.of(TensorSpec.batched(DENOISER_LOG_PROBS, FLOAT, m.codebookSize(), m.codeCount())));
    }

    public static OnnxSignature vqDecoder(BundleManifest m) {
        return new OnnxSignature(VQ_DECODER,
                List.of(TensorSpec.batched(VQ_DECODER_CODES, INT64, m.codeGrid().height(), m.codeGrid().width())),
                List.of(TensorSpec.batched(VQ_DECODER_IMAGE, FLOAT, 3, m.imageSize(), m.imageSize())));
    }

    public static OnnxSignature vqEncoder(BundleManifest m) {
        return new OnnxSignature(VQ_ENCODER,
                List.of(TensorSpec.batched(VQ_ENCODER_IMAGE, FLOAT, 3, m.imageSize(), m.imageSize())),
                List.of(TensorSpec.batched(VQ_ENCODER_CODES, INT64, m.codeGrid().height(), m.codeGrid().width())));
    }

    /** The signatures of the ONNX files this manifest lists (vq_encoder only when present). */
    public static List<OnnxSignature> onnxFiles(BundleManifest m) {
        List<OnnxSignature> signatures = new ArrayList<>(List.of(clipText(m), clipImage(m), denoiser(m),
                vqDecoder(m)));
        if (m.files().containsKey(DENOISER_INT8)) {
            signatures.add(denoiser(m, DenoiserPrecision.INT8));
        }
        if (m.files().containsKey(VQ_ENCODER)) {
            signatures.add(vqEncoder(m));
        }
        return signatures;
    }
}
