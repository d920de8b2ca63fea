package io.clipvq.trainer.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.trainer.nn.Layers;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.nn.Tensors;

import java.util.Arrays;

/**
 * The diffusion transformer of docs/method.md#denoiser-transformer, the same function as the engine's denoiser.onnx
 * graph and with the weight names of {@link DenoiserSpec#layout()}: code + row + column embeddings; per block
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
        return logProbsByPosition(codes, timeIndex, cond).transpose(0, 2, 1);
    }

    /** {@link #forward} with the codes last, [B, N, K]: what the training loss reads, without a transposed copy. */
    public NDArray logProbsByPosition(NDArray codes, NDArray timeIndex, NDArray cond) {
        NDArray x = (spec.factorised() ? factorisedEmbedding(codes) : Layers.embedding(codes, params, "code_embed.weight"))
                .add(positionEmbedding(codes.getManager()));
        NDArray timeEmb = Layers.embedding(timeIndex, params, "time_embed.weight");
        NDArray condEmb = Layers.linear(cond, params, "cond_proj");
        for (int i = 0; i < spec.layers(); i++) {
            String p = "blocks." + i;
            x = x.add(Layers.selfAttention(Layers.adaLayerNorm(x, timeEmb, params, p + ".norm1"), params, p + ".attn",
                    spec.heads()));
            NDArray h = Layers.adaLayerNorm(x, condEmb, params, p + ".norm2");
            x = x.add(spec.mlp() == DenoiserSpec.Mlp.LINEAR ? Layers.mlp(h, params, p + ".mlp") : convMlp(h, p + ".mlp"));
        }
        NDArray normed = Layers.layerNorm(x, params, "head.norm");
        return spec.factorised() ? factorisedLogProbs(normed) : Layers.linear(normed, params, "head.linear").logSoftmax(-1);
    }

    /** Sum of the factor embeddings of each code's parts; [MASK] takes its own row (see {@link DenoiserSpec}). */
    private NDArray factorisedEmbedding(NDArray codes) {
        NDManager manager = codes.getManager();
        long[] values = codes.toLongArray();
        float[] isMask = new float[values.length];
        NDArray sum = null;
        for (int f = 0; f < spec.codeFactors().size(); f++) {
            long[] parts = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                boolean mask = values[i] == spec.maskToken();
                isMask[i] = mask ? 1f : 0f;
                parts[i] = mask ? 0 : spec.codePart(Math.toIntExact(values[i]), f);
            }
            NDArray embedded = Layers.embedding(Tensors.owned(manager, parts, codes.getShape()), params, "code_embed.factor" + f + ".weight");
            sum = sum == null ? embedded : sum.add(embedded);
        }
        NDArray maskWeight = Tensors.owned(manager, isMask, codes.getShape()).expandDims(-1);
        return sum.mul(maskWeight.neg().add(Tensors.scalar(maskWeight, 1))).add(maskWeight.mul(params.get("code_embed.mask.weight")));
    }

    /** log p~ over K as the broadcast sum of the factors' log-softmaxes, [B, N, K]. */
    private NDArray factorisedLogProbs(NDArray normed) {
        long batch = normed.getShape().get(0);
        long n = normed.getShape().get(1);
        int factors = spec.codeFactors().size();
        NDArray sum = null;
        for (int f = 0; f < factors; f++) {
            long[] shape = new long[2 + factors];
            Arrays.fill(shape, 1L);
            shape[0] = batch;
            shape[1] = n;
            shape[2 + f] = spec.codeFactors().get(f);
            NDArray part = Layers.linear(normed, params, "head.linear.factor" + f).logSoftmax(-1).reshape(shape);
            sum = sum == null ? part : sum.add(part);
        }
        return sum.reshape(batch, n, spec.codebookSize());
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
        NDArray rowIdx = Tensors.owned(manager, rows);
        NDArray colIdx = Tensors.owned(manager, cols);
        return Layers.embedding(rowIdx, params, "row_embed.weight").add(Layers.embedding(colIdx, params, "col_embed.weight"));
    }
}
