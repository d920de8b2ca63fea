package io.clipvq.trainer.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.clipvq.engine.models.DenoiserSpec;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Parameters;

/**
 * The diffusion transformer of method.md, the same function as the engine's denoiser.onnx graph and with the
 * weight names of {@link DenoiserSpec#layout()}: code + row + column embeddings; per block
 * x += attn(AdaLN_t(x)), x += mlp(AdaLN_clip(x)) (linear MLP, or the 3x3 conv MLP of {@link DenoiserSpec.Mlp});
 * head LN + Linear; log-softmax over the K codes.
 */
public final class DenoiserNet {
    private final DenoiserSpec spec;
    private final Parameters params;

    public DenoiserNet(DenoiserSpec spec, Parameters params) {
        this.spec = spec;
        this.params = params;
    }

    public DenoiserSpec spec() {
        return spec;
    }

    public Parameters params() {
        return params;
    }

    /**
     * @param codes     x_t, int64 [B, N], values 0..K (K is [MASK])
     * @param timeIndex t - 1, int64 [B], values 0..T-1 (the graph input t)
     * @param cond      the condition, float [B, D]
     * @return log p~(x_0 | x_t), float [B, K, N], as denoiser.onnx
     */
    public NDArray forward(NDArray codes, NDArray timeIndex, NDArray cond) {
        NDArray x = Layers.embedding(codes, params, "code_embed.weight").add(positionEmbedding(codes.getManager()));
        NDArray timeEmb = Layers.embedding(timeIndex, params, "time_embed.weight");
        NDArray condEmb = Layers.linear(cond, params, "cond_proj");
        for (int i = 0; i < spec.layers(); i++) {
            String p = "blocks." + i;
            x = x.add(Layers.selfAttention(Layers.adaLayerNorm(x, timeEmb, params, p + ".norm1"), params, p + ".attn",
                    spec.heads()));
            NDArray h = Layers.adaLayerNorm(x, condEmb, params, p + ".norm2");
            x = x.add(spec.mlp() == DenoiserSpec.Mlp.LINEAR ? Layers.mlp(h, params, p + ".mlp") : convMlp(h, p + ".mlp"));
        }
        NDArray logits = Layers.linear(Layers.layerNorm(x, params, "head.norm"), params, "head.linear");
        return logits.logSoftmax(-1).transpose(0, 2, 1);
    }

    /** VQ-Diffusion's Conv_MLP: [B, N, W] -> [B, W, h, w], conv2(quickGelu(conv1)) (3x3, padding 1), back. */
    private NDArray convMlp(NDArray x, String prefix) {
        long batch = x.getShape().get(0);
        NDArray grid = x.transpose(0, 2, 1).reshape(batch, spec.width(), spec.gridHeight(), spec.gridWidth());
        NDArray h = Layers.conv(Layers.quickGelu(Layers.conv(grid, params, prefix + ".conv1", 1, 1)), params, prefix + ".conv2", 1, 1);
        return h.reshape(batch, spec.width(), spec.sequenceLength()).transpose(0, 2, 1);
    }

    /** row_embed[n / w] + col_embed[n % w] for every position n, [N, W]. */
    private NDArray positionEmbedding(NDManager manager) {
        int n = spec.sequenceLength();
        long[] rows = new long[n];
        long[] cols = new long[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i / spec.gridWidth();
            cols[i] = i % spec.gridWidth();
        }
        NDArray rowIdx = manager.create(rows).toType(DataType.INT64, false);
        NDArray colIdx = manager.create(cols).toType(DataType.INT64, false);
        return Layers.embedding(rowIdx, params, "row_embed.weight").add(Layers.embedding(colIdx, params, "col_embed.weight"));
    }
}
