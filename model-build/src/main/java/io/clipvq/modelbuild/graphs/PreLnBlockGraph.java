package io.clipvq.modelbuild.graphs;

/** The pre-LN transformer block of the CLIP towers: x + attn(norm1(x)), then x + mlp(norm2(x)). */
final class PreLnBlockGraph {
    private PreLnBlockGraph() {
    }

    static String apply(GraphLayers l, String x, String prefix, int width, int heads, String mask) {
        x = l.node("Add", x, l.selfAttention(l.layerNorm(x, prefix + ".norm1"), prefix + ".attn", width, heads, mask));
        return l.node("Add", x, l.mlp(l.layerNorm(x, prefix + ".norm2"), prefix + ".mlp"));
    }
}
