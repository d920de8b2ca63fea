package io.clipvq.modelbuild.graphs;

import java.util.Map;

import static io.clipvq.modelbuild.graphs.ReferenceMath.add;
import static io.clipvq.modelbuild.graphs.ReferenceMath.layerNorm;
import static io.clipvq.modelbuild.graphs.ReferenceMath.linear;
import static io.clipvq.modelbuild.graphs.ReferenceMath.logSoftmaxRows;
import static io.clipvq.modelbuild.graphs.ReferenceMath.mlp;
import static io.clipvq.modelbuild.graphs.ReferenceMath.selfAttention;
import static io.clipvq.modelbuild.graphs.ReferenceMath.silu;

/** The denoiser's forward pass in plain Java (see {@link DenoiserSpec}), independent of the ONNX graph. */
public final class DenoiserReference {
    private DenoiserReference() {
    }

    /**
     * @param codes     [batch, N] values 0..K
     * @param timesteps [batch] the 0-based index t - 1
     * @param cond      [batch, D]
     * @return log p~(x_0 | x_t) as [batch, K, N]
     */
    public static float[] forward(DenoiserSpec spec, Map<String, float[]> weights, long[] codes, long[] timesteps,
                                  float[] cond, int batch) {
        spec.layout().check(weights);
        int n = spec.sequenceLength();
        int w = spec.width();
        int k = spec.codebookSize();
        float[] x = new float[batch * n * w];
        float[] codeEmbed = spec.factorised() ? denseCodeEmbedding(spec, weights) : weights.get("code_embed.weight");
        float[] rowEmbed = weights.get("row_embed.weight");
        float[] colEmbed = weights.get("col_embed.weight");
        for (int b = 0; b < batch; b++) {
            for (int pos = 0; pos < n; pos++) {
                int code = Math.toIntExact(codes[b * n + pos]);
                int row = pos / spec.gridWidth();
                int col = pos % spec.gridWidth();
                for (int c = 0; c < w; c++) {
                    x[(b * n + pos) * w + c] = codeEmbed[code * w + c] + rowEmbed[row * w + c] + colEmbed[col * w + c];
                }
            }
        }
        float[] timeEmb = new float[batch * w];
        float[] timeEmbed = weights.get("time_embed.weight");
        for (int b = 0; b < batch; b++) {
            System.arraycopy(timeEmbed, Math.toIntExact(timesteps[b]) * w, timeEmb, b * w, w);
        }
        float[] timeAct = silu(timeEmb);
        float[] condAct = silu(linear(cond, batch, spec.clipDim(), weights.get("cond_proj.weight"), weights.get("cond_proj.bias"), w));

        for (int i = 0; i < spec.layers(); i++) {
            String p = "blocks." + i;
            float[] a = adaLn(x, batch, n, w, timeAct, weights, p + ".norm1");
            x = add(x, selfAttention(a, batch, n, w, spec.heads(), weights.get(p + ".attn.qkv.weight"),
                    weights.get(p + ".attn.qkv.bias"), weights.get(p + ".attn.proj.weight"), weights.get(p + ".attn.proj.bias"), false));
            float[] m = adaLn(x, batch, n, w, condAct, weights, p + ".norm2");
            x = add(x, spec.mlp() == DenoiserSpec.Mlp.LINEAR
                    ? mlp(m, batch * n, w, spec.mlpWidth(), weights.get(p + ".mlp.fc1.weight"), weights.get(p + ".mlp.fc1.bias"),
                    weights.get(p + ".mlp.fc2.weight"), weights.get(p + ".mlp.fc2.bias"))
                    : convMlp(spec, weights, m, batch, p + ".mlp"));
        }
        float[] normed = layerNorm(x, batch * n, w, weights.get("head.norm.weight"), weights.get("head.norm.bias"),
                DenoiserSpec.LAYER_NORM_EPSILON);
        float[] headWeight = spec.factorised() ? denseHead(spec, weights, "weight", w) : weights.get("head.linear.weight");
        float[] headBias = spec.factorised() ? denseHead(spec, weights, "bias", 1) : weights.get("head.linear.bias");
        float[] logProbs = logSoftmaxRows(linear(normed, batch * n, w, headWeight, headBias, k), batch * n, k);
        float[] out = new float[batch * k * n];
        for (int b = 0; b < batch; b++) {
            for (int pos = 0; pos < n; pos++) {
                for (int c = 0; c < k; c++) {
                    out[(b * k + c) * n + pos] = logProbs[(b * n + pos) * k + c];
                }
            }
        }
        return out;
    }

    /** The [K+1, W] table a factorised code embedding stands for: row k = sum of its parts' rows, row K = [MASK]. */
    static float[] denseCodeEmbedding(DenoiserSpec spec, Map<String, float[]> weights) {
        int w = spec.width();
        int k = spec.codebookSize();
        float[] table = new float[(k + 1) * w];
        for (int code = 0; code < k; code++) {
            for (int f = 0; f < spec.codeFactors().size(); f++) {
                float[] factor = weights.get("code_embed.factor" + f + ".weight");
                int part = spec.codePart(code, f);
                for (int c = 0; c < w; c++) {
                    table[code * w + c] += factor[part * w + c];
                }
            }
        }
        System.arraycopy(weights.get("code_embed.mask.weight"), 0, table, k * w, w);
        return table;
    }

    /** The K-row output weight ("weight", rows of W) or bias ("bias", rows of 1) a factorised head stands for. */
    static float[] denseHead(DenoiserSpec spec, Map<String, float[]> weights, String kind, int rowLength) {
        int k = spec.codebookSize();
        float[] dense = new float[k * rowLength];
        for (int code = 0; code < k; code++) {
            for (int f = 0; f < spec.codeFactors().size(); f++) {
                float[] factor = weights.get("head.linear.factor" + f + "." + kind);
                int part = spec.codePart(code, f);
                for (int c = 0; c < rowLength; c++) {
                    dense[code * rowLength + c] += factor[part * rowLength + c];
                }
            }
        }
        return dense;
    }

    /** Conv_MLP on the code grid: position n = row * w + column is pixel (row, column) of a [W, h, w] image. */
    private static float[] convMlp(DenoiserSpec spec, Map<String, float[]> weights, float[] x, int batch, String p) {
        int n = spec.sequenceLength();
        int w = spec.width();
        int hidden = spec.mlpWidth();
        float[] grid = new float[x.length];
        for (int b = 0; b < batch; b++) {
            for (int pos = 0; pos < n; pos++) {
                for (int c = 0; c < w; c++) {
                    grid[(b * w + c) * n + pos] = x[(b * n + pos) * w + c];
                }
            }
        }
        float[] h = ReferenceMath.quickGelu(ReferenceMath.conv2d(grid, batch, w, spec.gridHeight(), spec.gridWidth(),
                weights.get(p + ".conv1.weight"), weights.get(p + ".conv1.bias"), hidden, 3, 1, 1));
        float[] y = ReferenceMath.conv2d(h, batch, hidden, spec.gridHeight(), spec.gridWidth(),
                weights.get(p + ".conv2.weight"), weights.get(p + ".conv2.bias"), w, 3, 1, 1);
        float[] out = new float[x.length];
        for (int b = 0; b < batch; b++) {
            for (int pos = 0; pos < n; pos++) {
                for (int c = 0; c < w; c++) {
                    out[(b * n + pos) * w + c] = y[(b * w + c) * n + pos];
                }
            }
        }
        return out;
    }

    private static float[] adaLn(float[] x, int batch, int n, int w, float[] activatedEmb, Map<String, float[]> weights,
                                 String prefix) {
        float[] modulation = linear(activatedEmb, batch, w, weights.get(prefix + ".linear.weight"),
                weights.get(prefix + ".linear.bias"), 2 * w);
        float[] y = layerNorm(x, batch * n, w, null, null, DenoiserSpec.LAYER_NORM_EPSILON);
        for (int b = 0; b < batch; b++) {
            for (int pos = 0; pos < n; pos++) {
                for (int c = 0; c < w; c++) {
                    float sigma = modulation[b * 2 * w + c];
                    float mu = modulation[b * 2 * w + w + c];
                    int at = (b * n + pos) * w + c;
                    y[at] = y[at] * (1 + sigma) + mu;
                }
            }
        }
        return y;
    }
}
