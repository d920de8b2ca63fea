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
 * x += attn(AdaLN_t(x)), x += mlp(AdaLN_clip(x)); head LN + Linear; log-softmax over the K codes.
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
            x = x.add(Layers.mlp(Layers.adaLayerNorm(x, condEmb, params, p + ".norm2"), params, p + ".mlp"));
        }
        NDArray logits = Layers.linear(Layers.layerNorm(x, params, "head.norm"), params, "head.linear");
        return logits.logSoftmax(-1).transpose(0, 2, 1);
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
