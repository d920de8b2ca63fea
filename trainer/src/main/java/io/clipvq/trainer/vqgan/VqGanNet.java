package io.clipvq.trainer.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;

/**
 * The VQ-GAN of {@link VqGanSpec} (the engine's vq_encoder.onnx / vq_decoder.onnx, same weight names) with a
 * Gumbel-softmax quantizer for training. At inference the encoder takes the argmax code
 * (docs/method.md#gumbel-softmax-quantizer: preferred over the reference code's sampling at tau = 1).
 */
public final class VqGanNet {
    private final VqGanSpec spec;
    private final Parameters params;

    public VqGanNet(VqGanSpec spec, Parameters params) {
        this.spec = spec;
        this.params = params;
    }

    public VqGanSpec spec() {
        return spec;
    }

    public Parameters params() {
        return params;
    }

    /** Code logits [B, K, h, w] of images [B, 3, H, W] in [0, 1]. */
    public NDArray encodeLogits(NDArray image) {
        NDArray x = Layers.silu(Layers.conv(image, params, "encoder.conv_in", 1, 1));
        for (int s = 0; s < spec.stages(); s++) {
            String p = "encoder.down." + s;
            x = Layers.silu(Layers.conv(x, params, p + ".conv", 2, 1));
            x = Layers.convResidual(x, params, p + ".res");
        }
        return Layers.conv(x, params, "quantize.proj", 1, 0);
    }

    /** The codes of vq_encoder.onnx: argmax over K, int64 [B, h, w]. */
    public NDArray encode(NDArray image) {
        return encodeLogits(image).argMax(1).toType(DataType.INT64, false);
    }

    /**
     * Soft Gumbel quantization: z = sum_k softmax((logits + g) / tau)_k e_k, [B, E, h, w].
     *
     * @param gumbel Gumbel(0, 1) noise shaped like the logits
     */
    public NDArray quantizeSoft(NDArray logits, NDArray gumbel, double temperature) {
        NDArray y = logits.add(gumbel).div(Tensors.scalar(logits, temperature)).softmax(1);              // [B, K, h, w]
        NDArray codebook = params.get("quantize.embed.weight");                              // [K, E]
        NDArray yLast = y.transpose(0, 2, 3, 1);                                              // [B, h, w, K]
        return yLast.matMul(codebook).transpose(0, 3, 1, 2);                                 // [B, E, h, w]
    }

    /** The codebook vectors of hard codes [B, h, w] as [B, E, h, w]. */
    public NDArray lookup(NDArray codes) {
        return Layers.embedding(codes, params, "quantize.embed.weight").transpose(0, 3, 1, 2);
    }

    /** Decoder features before the last convolution (the layer the adaptive GAN weight looks at). */
    public NDArray decodeTrunk(NDArray z) {
        NDArray x = Layers.silu(Layers.conv(z, params, "decoder.conv_in", 1, 1));
        for (int s = 0; s < spec.stages(); s++) {
            String p = "decoder.up." + s;
            x = Layers.upsampleNearest2x(x);
            x = Layers.silu(Layers.conv(x, params, p + ".conv", 1, 1));
            x = Layers.convResidual(x, params, p + ".res");
        }
        return x;
    }

    /** The image in (0, 1) from decoder features. */
    public NDArray decodeHead(NDArray features) {
        return Layers.sigmoid(Layers.conv(features, params, LAST_LAYER, 1, 1));
    }

    /** vq_decoder.onnx: hard codes [B, h, w] to images [B, 3, H, W]. */
    public NDArray decode(NDArray codes) {
        return decodeHead(decodeTrunk(lookup(codes)));
    }

    public static final String LAST_LAYER = "decoder.conv_out";
}
