package io.clipvq.modelbuild.graphs;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;

import java.util.List;
import java.util.Map;

/**
 * Builds vq_encoder.onnx from a {@link VqGanSpec}: {@code image} float [B, 3, H, W] in [0, 1] -> {@code codes}
 * int64 [B, h, w], the argmax of the quantizer's logits (inference uses argmax,
 * docs/method.md#gumbel-softmax-quantizer).
 */
public final class VqEncoderGraph {
    public static final String INPUT_IMAGE = BundleSignatures.VQ_ENCODER_IMAGE;
    public static final String OUTPUT_CODES = BundleSignatures.VQ_ENCODER_CODES;

    private VqEncoderGraph() {
    }

    public static byte[] build(VqGanSpec spec, Map<String, float[]> weights) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("vq_encoder");
        GraphLayers l = new GraphLayers(g, spec.encoderLayout(), weights);
        String image = g.input(INPUT_IMAGE, OnnxType.FLOAT, "B", (long) VqGanSpec.IMAGE_CHANNELS,
                (long) spec.imageHeight(), (long) spec.imageWidth());
        String x = l.silu(l.conv(image, "encoder.conv_in", 1, 1, true));
        for (int s = 0; s < spec.stages(); s++) {
            String p = "encoder.down." + s;
            x = l.silu(l.conv(x, p + ".conv", 2, 1, true));
            x = l.convResidual(x, p + ".res");
        }
        String logits = l.conv(x, "quantize.proj", 1, 0, true);
        String codes = g.node("ArgMax", List.of(logits), Map.of("axis", 1L, "keepdims", 0L));
        g.output(OUTPUT_CODES, codes, OnnxType.INT64, "B", (long) spec.gridHeight(), (long) spec.gridWidth());
        return g.build();
    }
}
