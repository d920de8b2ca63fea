package io.clipvq.modelbuild.graphs;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;
import io.clipvq.modelbuild.quantize.Int8Linears;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds denoiser.onnx from a {@link DenoiserSpec} and its weights.
 *
 * <p>Inputs: {@code x_t} int64 [B, N] (codes 0..K-1 or [MASK] = K), {@code t} int64 [B] holding the 0-based
 * index t - 1 of the timestep t in 1..T, {@code cond} float [B, D] (the CLIP embedding, normalised by the caller).
 * Output: {@code log_probs} float [B, K, N], log p~(x_0 | x_t), a log-softmax over K at every position.
 */
public final class DenoiserGraph {
    public static final String INPUT_CODES = BundleSignatures.DENOISER_CODES;
    public static final String INPUT_TIMESTEP = BundleSignatures.DENOISER_TIMESTEP;
    public static final String INPUT_CONDITION = BundleSignatures.DENOISER_CONDITION;
    public static final String OUTPUT_LOG_PROBS = BundleSignatures.DENOISER_LOG_PROBS;

    private DenoiserGraph() {
    }

    public static byte[] build(DenoiserSpec spec, Map<String, float[]> weights) {
        return build(spec, weights, DenoiserPrecision.FP32);
    }

    /**
     * The denoiser in {@code precision}: with INT8 every Linear layer multiplies in int8 ({@link Int8Linears});
     * embeddings, normalisation, attention scores and the convolutional MLP stay fp32.
     */
    public static byte[] build(DenoiserSpec spec, Map<String, float[]> weights, DenoiserPrecision precision) {
        byte[] fp32 = buildFp32(spec, weights);
        return precision == DenoiserPrecision.INT8 ? Int8Linears.quantize(fp32) : fp32;
    }

    private static byte[] buildFp32(DenoiserSpec spec, Map<String, float[]> weights) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("denoiser");
        GraphLayers l = new GraphLayers(g, spec.layout(), weights);
        int n = spec.sequenceLength();
        int w = spec.width();
        String codes = g.input(INPUT_CODES, OnnxType.INT64, "B", (long) n);
        String t = g.input(INPUT_TIMESTEP, OnnxType.INT64, "B");
        String cond = g.input(INPUT_CONDITION, OnnxType.FLOAT, "B", (long) spec.clipDim());

        String x = spec.factorised() ? factorisedEmbedding(l, spec, codes)
                : g.node("Gather", List.of(l.param("code_embed.weight"), codes), Map.of("axis", 0L));
        String grid = l.node("Add", l.unsqueeze(l.param("row_embed.weight"), 1), l.unsqueeze(l.param("col_embed.weight"), 0));
        x = l.node("Add", x, l.reshape(grid, l.int64("position_shape", n, w)));

        String timeEmb = l.silu(g.node("Gather", List.of(l.param("time_embed.weight"), t), Map.of("axis", 0L)));
        String condEmb = l.silu(l.linear(cond, "cond_proj", true));

        for (int i = 0; i < spec.layers(); i++) {
            String p = "blocks." + i;
            x = l.node("Add", x, l.selfAttention(adaLn(l, x, timeEmb, p + ".norm1"), p + ".attn", w, spec.heads(), null));
            String m = adaLn(l, x, condEmb, p + ".norm2");
            x = l.node("Add", x, spec.mlp() == DenoiserSpec.Mlp.LINEAR ? l.mlp(m, p + ".mlp") : convMlp(l, spec, m, p + ".mlp"));
        }
        String normed = l.layerNorm(x, "head.norm");
        String logProbs = l.transpose(spec.factorised() ? factorisedLogProbs(l, spec, normed)
                : logSoftmax(l, l.linear(normed, "head.linear", true)), 0, 2, 1);
        g.output(OUTPUT_LOG_PROBS, logProbs, OnnxType.FLOAT, "B", (long) spec.codebookSize(), (long) n);
        return g.build();
    }

    private static String logSoftmax(GraphLayers l, String logits) {
        return l.graph().node("LogSoftmax", List.of(logits), Map.of("axis", -1L));
    }

    /**
     * Sum over factors of the factor embedding of each part of the code, [B, N, W]; [MASK] (code K) takes its own
     * row. Parts come from integer division: c_i = code / stride_i mod n_i.
     */
    private static String factorisedEmbedding(GraphLayers l, DenoiserSpec spec, String codes) {
        String isMask = l.node("Equal", codes, l.int64("mask_code", spec.maskToken()));
        String safeCodes = l.node("Where", isMask, l.int64("zero_code", 0), codes);
        List<Integer> factors = spec.codeFactors();
        long stride = spec.codebookSize();
        String sum = null;
        for (int i = 0; i < factors.size(); i++) {
            stride /= factors.get(i);
            String part = l.node("Mod", l.node("Div", safeCodes, l.int64("factor_stride", stride)),
                    l.int64("factor_size", factors.get(i)));
            String embedded = l.graph().node("Gather", List.of(l.param("code_embed.factor" + i + ".weight"), part), Map.of("axis", 0L));
            sum = sum == null ? embedded : l.node("Add", sum, embedded);
        }
        return l.node("Where", l.unsqueeze(isMask, -1), l.param("code_embed.mask.weight"), sum);
    }

    /** log p~ over the K codes as the broadcast sum of every factor's log-softmax, [B, N, K]. */
    private static String factorisedLogProbs(GraphLayers l, DenoiserSpec spec, String normed) {
        List<Integer> factors = spec.codeFactors();
        String sum = null;
        for (int i = 0; i < factors.size(); i++) {
            long[] shape = new long[2 + factors.size()];
            Arrays.fill(shape, 1L);
            shape[0] = 0;
            shape[1] = 0;
            shape[2 + i] = factors.get(i);
            String part = l.reshape(logSoftmax(l, l.linear(normed, "head.linear.factor" + i, true)), l.int64("factor_shape", shape));
            sum = sum == null ? part : l.node("Add", sum, part);
        }
        return l.reshape(sum, l.int64("codes_shape", 0, 0, spec.codebookSize()));
    }

    /** VQ-Diffusion's Conv_MLP: [B, N, W] -> [B, W, h, w], conv2(gelu(conv1)), back to [B, N, W]. */
    private static String convMlp(GraphLayers l, DenoiserSpec spec, String x, String prefix) {
        String grid = l.reshape(l.transpose(x, 0, 2, 1), l.int64("grid_shape", 0, spec.width(), spec.gridHeight(), spec.gridWidth()));
        String h = l.conv(l.quickGelu(l.conv(grid, prefix + ".conv1", 1, 1, true)), prefix + ".conv2", 1, 1, true);
        return l.transpose(l.reshape(h, l.int64("sequence_shape", 0, spec.width(), spec.sequenceLength())), 0, 2, 1);
    }

    /** LN(x) * (1 + sigma) + mu with [sigma | mu] = Linear(activatedEmb), broadcast over the sequence. */
    private static String adaLn(GraphLayers l, String x, String activatedEmb, String prefix) {
        String modulation = l.unsqueeze(l.linear(activatedEmb, prefix + ".linear", true), 1);
        List<String> sigmaMu = l.graph().nodeMulti("Split", List.of(modulation), Map.of("axis", -1L), 2);
        String scaled = l.node("Mul", l.layerNormPlain(x), l.node("Add", sigmaMu.get(0), l.scalar(1f)));
        return l.node("Add", scaled, sigmaMu.get(1));
    }
}
