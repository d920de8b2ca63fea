package io.clipvq.modelbuild.graphs;

import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;
import io.clipvq.modelbuild.quantize.PerChannelInt8;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers the clipvq models are made of, written as ONNX nodes on one {@link OnnxGraphBuilder}. Each layer
 * maps one-to-one to standard operators (MatMul, Add, LayerNormalization, Softmax, Conv, ...), so a graph
 * reads like its PyTorch module.
 *
 * <p>Weights are added as initializers under their PyTorch names the first time a layer uses them. A Linear
 * weight is stored transposed ([in, out], so that {@code MatMul(x, W)} works on any rank) under the name
 * {@code <name>.T}; every other weight is stored as given.
 *
 * <p>With {@link DenoiserPrecision#INT8} every Linear multiplies in int8 (docs/method.md#int8-denoiser): its
 * weight is stored quantized per output channel ({@code <name>.int8}, {@code <name>.scale}) and its input is
 * quantized row by row when the graph runs. A row's result depends on that row alone, never on the rest of the
 * batch.
 */
final class GraphLayers {
    private final OnnxGraphBuilder g;
    private final WeightLayout layout;
    private final Map<String, float[]> weights;
    private final DenoiserPrecision linearPrecision;
    private final Map<String, String> added = new HashMap<>();
    private int constants;

    GraphLayers(OnnxGraphBuilder g, WeightLayout layout, Map<String, float[]> weights) {
        this(g, layout, weights, DenoiserPrecision.FP32);
    }

    GraphLayers(OnnxGraphBuilder g, WeightLayout layout, Map<String, float[]> weights,
                DenoiserPrecision linearPrecision) {
        layout.check(weights);
        this.g = g;
        this.layout = layout;
        this.weights = weights;
        this.linearPrecision = linearPrecision;
    }

    OnnxGraphBuilder graph() {
        return g;
    }

    /** The weight as an initializer with its layout shape. */
    String param(String name) {
        return added.computeIfAbsent(name, n -> g.initializer(n, weights.get(n), layout.spec(n).shapeAsLong()));
    }

    /** y = x W^T + b for a PyTorch Linear weight [out, in], on x of any rank with last axis in. */
    String linear(String x, String prefix, boolean bias) {
        String weightName = prefix + ".weight";
        int[] shape = layout.spec(weightName).shape();
        int out = shape[0];
        int in = shape[1];
        String y;
        if (linearPrecision == DenoiserPrecision.INT8) {
            y = int8MatMul(x, weightName, out, in);
        } else {
            String transposed = added.computeIfAbsent(weightName + ".T",
                    n -> g.initializer(n, transpose(weights.get(weightName), out, in), in, out));
            y = node("MatMul", x, transposed);
        }
        return bias ? node("Add", y, param(prefix + ".bias")) : y;
    }

    /**
     * x W^T in int8 arithmetic. Each row r of x (the last axis) is quantized symmetrically with its own scale
     * {@code a_r = max|x_r| / 127} to levels in [-127, 127], stored as uint8 with the zero point 128 (so ONNX
     * Runtime runs its uint8 x int8 kernels); the weight is {@link PerChannelInt8}. The int32 products are exact,
     * and y_rj = a_r * s_j * sum_k (xq_rk - 128) q_kj. The rows are flattened to a matrix [M, in] so that
     * QuantizeLinear takes the row scales along one axis.
     */
    private String int8MatMul(String x, String weightName, int out, int in) {
        PerChannelInt8 q = PerChannelInt8.quantize(transpose(weights.get(weightName), out, in), in, out);
        String levels = added.computeIfAbsent(weightName + ".int8", n -> g.initializer(n, OnnxType.INT8, q.values(), in, out));
        String columnScales = added.computeIfAbsent(weightName + ".scale", n -> g.initializer(n, q.scales(), out));
        String zeroPoint = added.computeIfAbsent("activation_zero_point",
                n -> g.initializer(n, OnnxType.UINT8, new byte[]{(byte) ACTIVATION_ZERO_POINT}));

        String rows = reshape(x, int64("rows_shape", -1, in));
        String max = g.node("ReduceMax", List.of(rows), Map.of("axes", new long[]{1}, "keepdims", 0L));
        String min = g.node("ReduceMin", List.of(rows), Map.of("axes", new long[]{1}, "keepdims", 0L));
        String amax = node("Max", node("Max", max, node("Neg", min)), scalar(1e-30f));
        String rowScales = node("Div", amax, scalar(PerChannelInt8.MAX_LEVEL));
        String rowZeroPoints = g.node("Cast", List.of(node("Add", node("Mul", rowScales, scalar(0f)),
                scalar(ACTIVATION_ZERO_POINT))), Map.of("to", (long) OnnxType.UINT8.code()));
        String stored = g.node("QuantizeLinear", List.of(rows, rowScales, rowZeroPoints), Map.of("axis", 0L));
        // ONNX Runtime's MatMulIntegerToFloat scales the int32 products by the column scales inside its integer
        // kernel; ONNX's own Cast and DequantizeLinear per axis would cost more passes over the output than the
        // product itself. (Its bias input would be added before the row scale, so the bias stays outside.)
        String columnScaled = g.node(OnnxGraphBuilder.ONNX_RUNTIME_DOMAIN, "MatMulIntegerToFloat",
                List.of(stored, levels, scalar(1f), columnScales, zeroPoint), Map.of());
        String y = node("Mul", columnScaled, unsqueeze(rowScales, 1));
        String leadingDims = g.node("Shape", List.of(x), Map.of("end", -1L));
        return reshape(y, g.node("Concat", List.of(leadingDims, int64("out_dim", out)), Map.of("axis", 0L)));
    }

    /** The uint8 value that stands for activation level 0. */
    private static final int ACTIVATION_ZERO_POINT = 128;

    /** LayerNormalization over the last axis with the weights {@code prefix.weight} and {@code prefix.bias}. */
    String layerNorm(String x, String prefix) {
        return g.node("LayerNormalization", List.of(x, param(prefix + ".weight"), param(prefix + ".bias")),
                Map.of("axis", -1L, "epsilon", (double) DenoiserSpec.LAYER_NORM_EPSILON));
    }

    /** LayerNormalization without affine parameters (ONNX needs a scale input: ones). */
    String layerNormPlain(String x, int width) {
        String ones = added.computeIfAbsent("ones." + width, n -> {
            float[] values = new float[width];
            java.util.Arrays.fill(values, 1f);
            return g.constantFloat(n, values, width);
        });
        return g.node("LayerNormalization", List.of(x, ones), Map.of("axis", -1L, "epsilon", (double) DenoiserSpec.LAYER_NORM_EPSILON));
    }

    String silu(String x) {
        return node("Mul", x, node("Sigmoid", x));
    }

    /** x * sigmoid(1.702 x), the GELU of CLIP and VQ-Diffusion. */
    String quickGelu(String x) {
        return node("Mul", x, node("Sigmoid", node("Mul", x, scalar(1.702f))));
    }

    /** fc2(quickGelu(fc1(x))). */
    String mlp(String x, String prefix) {
        return linear(quickGelu(linear(x, prefix + ".fc1", true)), prefix + ".fc2", true);
    }

    /**
     * Multi-head self-attention on x [B, N, width] with PyTorch-layout weights {@code prefix.qkv} (rows q | k | v)
     * and {@code prefix.proj}; additiveMask [N, N] (0 or a large negative) or null for full attention.
     */
    String selfAttention(String x, String prefix, int width, int heads, String additiveMask) {
        int d = width / heads;
        List<String> qkv = g.nodeMulti("Split", List.of(linear(x, prefix + ".qkv", true)), Map.of("axis", -1L), 3);
        String headsShape = int64("heads_shape", 0, 0, heads, d);
        String q = transpose(reshape(node("Mul", qkv.get(0), scalar((float) (1 / Math.sqrt(d)))), headsShape), 0, 2, 1, 3);
        String kT = transpose(reshape(qkv.get(1), headsShape), 0, 2, 3, 1);
        String v = transpose(reshape(qkv.get(2), headsShape), 0, 2, 1, 3);
        String scores = node("MatMul", q, kT);
        if (additiveMask != null) {
            scores = node("Add", scores, additiveMask);
        }
        String attention = g.node("Softmax", List.of(scores), Map.of("axis", -1L));
        String merged = reshape(transpose(node("MatMul", attention, v), 0, 2, 1, 3), int64("merged_shape", 0, 0, width));
        return linear(merged, prefix + ".proj", true);
    }

    /** Conv2d with PyTorch weights {@code prefix.weight} [out, in, k, k] and, if present, {@code prefix.bias}. */
    String conv(String x, String prefix, int stride, int pad, boolean bias) {
        int k = layout.spec(prefix + ".weight").shape()[2];
        List<String> inputs = bias ? List.of(x, param(prefix + ".weight"), param(prefix + ".bias")) : List.of(x, param(prefix + ".weight"));
        return g.node("Conv", inputs, Map.of("kernel_shape", new long[]{k, k}, "strides", new long[]{stride, stride},
                "pads", new long[]{pad, pad, pad, pad}));
    }

    /** x + conv2(silu(conv1(x))), 3x3 convolutions with padding 1. */
    String convResidual(String x, String prefix) {
        String h = conv(silu(conv(x, prefix + ".conv1", 1, 1, true)), prefix + ".conv2", 1, 1, true);
        return node("Add", x, h);
    }

    String node(String op, String... inputs) {
        return g.node(op, List.of(inputs), Map.of());
    }

    String reshape(String x, String shape) {
        return node("Reshape", x, shape);
    }

    String transpose(String x, long... perm) {
        return g.node("Transpose", List.of(x), Map.of("perm", perm));
    }

    String unsqueeze(String x, long... axes) {
        return node("Unsqueeze", x, int64("axes", axes));
    }

    String scalar(float value) {
        return g.constantFloat("scalar_" + constants++, new float[]{value});
    }

    String int64(String label, long... values) {
        return g.constantInt64(label + "_" + constants++, values, values.length);
    }

    /** A float constant that is structure rather than a trained weight (masks). */
    String constant(String label, float[] values, long... shape) {
        return g.constantFloat(label + "_" + constants++, values, shape);
    }

    static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }
}
