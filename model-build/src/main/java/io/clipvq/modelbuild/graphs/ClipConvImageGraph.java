package io.clipvq.modelbuild.graphs;

import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;

import java.util.List;
import java.util.Map;

/**
 * Builds clip_image.onnx from a {@link ClipConvImageSpec}: {@code pixel_values} float [B, 3, S, S] (CLIP
 * normalised) -> {@code image_embeds} float [B, D], not normalised; the same signature as the ViT's
 * {@link ClipImageGraph}.
 */
public final class ClipConvImageGraph {

    private ClipConvImageGraph() {
    }

    public static byte[] build(ClipConvImageSpec spec, Map<String, float[]> weights) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("clip_image");
        GraphLayers l = new GraphLayers(g, spec.layout(), weights);
        String p = ClipConvImageSpec.PREFIX;
        long s = spec.imageSize();
        String pixels = g.input(ClipImageGraph.INPUT_PIXELS, OnnxType.FLOAT, "B", 3L, s, s);

        String x = l.silu(l.conv(pixels, p + "stem", 1, 1, true));
        for (int i = 0; i < spec.stages(); i++) {
            x = l.silu(l.conv(x, p + "stages." + i, 2, 1, true));
        }
        // [B, C, G, G] -> [B, C * G * G], channel-major as PyTorch's flatten(1), then the [B, C] channel means
        String flat = g.node("Flatten", List.of(x), Map.of("axis", 1L));
        String means = g.node("ReduceMean", List.of(x), Map.of("axes", new long[]{2, 3}, "keepdims", 0L));
        String head = g.node("Concat", List.of(flat, means), Map.of("axis", 1L));
        String embeds = l.linear(l.layerNorm(head, p + "post_norm"), p + "projection", false);
        g.output(ClipImageGraph.OUTPUT_EMBEDS, embeds, OnnxType.FLOAT, "B", (long) spec.embedDim());
        return g.build();
    }
}
