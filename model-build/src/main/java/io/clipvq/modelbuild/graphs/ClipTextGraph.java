package io.clipvq.modelbuild.graphs;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;

import java.util.List;
import java.util.Map;

/**
 * Builds clip_text.onnx from a {@link ClipTextSpec}: {@code input_ids} int64 [B, C] -> {@code text_embeds}
 * float [B, D], not normalised (the names of a Hugging Face CLIP export, so a real CLIP export drops in).
 */
public final class ClipTextGraph {
    public static final String INPUT_IDS = BundleSignatures.CLIP_TEXT_INPUT_IDS;
    public static final String OUTPUT_EMBEDS = BundleSignatures.CLIP_TEXT_EMBEDS;
    /** Added to attention scores above the diagonal; large enough for exp() to give exactly 0 in float. */
    static final float MASKED_SCORE = -1e9f;

    private ClipTextGraph() {
    }

    public static byte[] build(ClipTextSpec spec, Map<String, float[]> weights) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("clip_text");
        GraphLayers l = new GraphLayers(g, spec.layout(), weights);
        String p = ClipTextSpec.PREFIX;
        int c = spec.contextLength();
        String ids = g.input(INPUT_IDS, OnnxType.INT64, "B", (long) c);

        String x = g.node("Gather", List.of(l.param(p + "token_embedding.weight"), ids), Map.of("axis", 0L));
        x = l.node("Add", x, l.param(p + "positional_embedding"));
        String mask = l.constant("causal_mask", causalMask(c), c, c);
        for (int i = 0; i < spec.layers(); i++) {
            x = PreLnBlockGraph.apply(l, x, p + "blocks." + i, spec.width(), spec.heads(), mask);
        }
        x = l.layerNorm(x, p + "final_norm");
        // CLIP pools at the end-of-text token, the largest id; ArgMax keeps the first occurrence.
        String eot = g.node("ArgMax", List.of(ids), Map.of("axis", 1L, "keepdims", 1L));
        String pooled = g.node("GatherND", List.of(x, eot), Map.of("batch_dims", 1L));
        g.output(OUTPUT_EMBEDS, l.linear(pooled, p + "projection", false), OnnxType.FLOAT, "B", (long) spec.embedDim());
        return g.build();
    }

    private static float[] causalMask(int c) {
        float[] mask = new float[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = i + 1; j < c; j++) {
                mask[i * c + j] = MASKED_SCORE;
            }
        }
        return mask;
    }
}
