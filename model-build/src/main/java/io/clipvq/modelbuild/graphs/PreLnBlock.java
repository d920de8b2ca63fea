package io.clipvq.modelbuild.graphs;

/** Weight names of the pre-LN transformer block shared by both CLIP towers. */
final class PreLnBlock {
    private PreLnBlock() {
    }

    static void declare(WeightLayout.Builder b, String prefix, int width, int mlpRatio) {
        b.layerNorm(prefix + ".norm1", width)
                .linear(prefix + ".attn.qkv", width, 3 * width, true)
                .linear(prefix + ".attn.proj", width, width, true)
                .layerNorm(prefix + ".norm2", width)
                .linear(prefix + ".mlp.fc1", width, mlpRatio * width, true)
                .linear(prefix + ".mlp.fc2", mlpRatio * width, width, true);
    }
}
