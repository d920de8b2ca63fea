package io.clipvq.modelbuild.graphs;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;

import java.util.List;
import java.util.Map;

/**
 * Builds clip_image.onnx from a {@link ClipImageSpec}: {@code pixel_values} float [B, 3, S, S] (CLIP normalised)
 * -> {@code image_embeds} float [B, D], not normalised.
 */
public final class ClipImageGraph {
    public static final String INPUT_PIXELS = BundleSignatures.CLIP_IMAGE_PIXELS;
    public static final String OUTPUT_EMBEDS = BundleSignatures.CLIP_IMAGE_EMBEDS;

    private ClipImageGraph() {
    }

    /** The graph of whichever image tower {@code spec} describes. */
    public static byte[] build(ClipImageTowerSpec spec, Map<String, float[]> weights) {
        if (spec instanceof ClipConvImageSpec conv) {
            return ClipConvImageGraph.build(conv, weights);
        }
        return build((ClipImageSpec) spec, weights);
    }

    public static byte[] build(ClipImageSpec spec, Map<String, float[]> weights) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("clip_image");
        GraphLayers l = new GraphLayers(g, spec.layout(), weights);
        String p = ClipImageSpec.PREFIX;
        long s = spec.imageSize();
        String pixels = g.input(INPUT_PIXELS, OnnxType.FLOAT, "B", 3L, s, s);

        String patches = l.conv(pixels, p + "patch_embed", spec.patchSize(), 0, false);
        String x = l.transpose(l.reshape(patches, l.int64("tokens_shape", 0, spec.width(), spec.patchCount())), 0, 2, 1);
        x = l.node("Add", x, l.param(p + "positional_embedding"));
        x = l.layerNorm(x, p + "pre_norm");
        for (int i = 0; i < spec.layers(); i++) {
            x = PreLnBlockGraph.apply(l, x, p + "blocks." + i, spec.width(), spec.heads(), null);
        }
        String pooled = g.node("ReduceMean", List.of(x), Map.of("axes", new long[]{1}, "keepdims", 0L));
        String embeds = l.linear(l.layerNorm(pooled, p + "post_norm"), p + "projection", false);
        g.output(OUTPUT_EMBEDS, embeds, OnnxType.FLOAT, "B", (long) spec.embedDim());
        return g.build();
    }
}
