package io.clipvq.modelbuild.graphs;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;

import java.util.List;
import java.util.Map;

/**
 * Builds vq_decoder.onnx from a {@link VqGanSpec}: {@code codes} int64 [B, h, w] (0..K-1) -> {@code image}
 * float [B, 3, H, W] in (0, 1) (a final sigmoid).
 */
public final class VqDecoderGraph {
    public static final String INPUT_CODES = BundleSignatures.VQ_DECODER_CODES;
    public static final String OUTPUT_IMAGE = BundleSignatures.VQ_DECODER_IMAGE;

    private VqDecoderGraph() {
    }

    public static byte[] build(VqGanSpec spec, Map<String, float[]> weights) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("vq_decoder");
        GraphLayers l = new GraphLayers(g, spec.decoderLayout(), weights);
        String codes = g.input(INPUT_CODES, OnnxType.INT64, "B", (long) spec.gridHeight(), (long) spec.gridWidth());
        String z = g.node("Gather", List.of(l.param("quantize.embed.weight"), codes), Map.of("axis", 0L));
        String x = l.silu(l.conv(l.transpose(z, 0, 3, 1, 2), "decoder.conv_in", 1, 1, true));
        String scales = l.constant("upsample_scales", new float[]{1, 1, 2, 2}, 4);
        for (int s = 0; s < spec.stages(); s++) {
            String p = "decoder.up." + s;
            // asymmetric + floor is PyTorch's nn.Upsample(mode="nearest"): out[i] = in[i / 2]
            x = g.node("Resize", List.of(x, "", scales), Map.of("mode", "nearest",
                    "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor"));
            x = l.silu(l.conv(x, p + ".conv", 1, 1, true));
            x = l.convResidual(x, p + ".res");
        }
        String image = l.node("Sigmoid", l.conv(x, "decoder.conv_out", 1, 1, true));
        g.output(OUTPUT_IMAGE, image, OnnxType.FLOAT, "B", (long) VqGanSpec.IMAGE_CHANNELS,
                (long) spec.imageHeight(), (long) spec.imageWidth());
        return g.build();
    }
}
