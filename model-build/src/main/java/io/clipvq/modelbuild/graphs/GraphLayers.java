package io.clipvq.modelbuild.graphs;

import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;

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
 */
final class GraphLayers {
    private final OnnxGraphBuilder g;
    private final WeightLayout layout;
    private final Map<String, float[]> weights;
    private final Map<String, String> added = new HashMap<>();
    private int constants;

    GraphLayers(OnnxGraphBuilder g, WeightLayout layout, Map<String, float[]> weights) {
        layout.check(weights);
        this.g = g;
        this.layout = layout;
        this.weights = weights;
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
        String transposed = added.computeIfAbsent(weightName + ".T",
                n -> g.initializer(n, transpose(weights.get(weightName), out, in), in, out));
        String y = node("MatMul", x, transposed);
        return bias ? node("Add", y, param(prefix + ".bias")) : y;
    }

    /** LayerNorm over the last axis with the weights {@code prefix.weight} and {@code prefix.bias}. */
    String layerNorm(String x, String prefix) {
        return node("Add", node("Mul", normalise(x), param(prefix + ".weight")), param(prefix + ".bias"));
    }

    /** LayerNorm without affine parameters. */
    String layerNormPlain(String x) {
        return normalise(x);
    }

    /**
     * (x - mean) / sqrt(var + eps) over the last axis, biased variance, written out as elementwise operators and
     * means rather than ONNX's LayerNormalization: ONNX Runtime's CPU kernel for that operator measured 4.5 times
     * slower on [2048, 256] than these six operators (docs/hand-written.md#layernorm-written-out).
     */
    private String normalise(String x) {
        Map<String, ?> lastAxis = Map.of("axes", new long[]{-1}, "keepdims", 1L);
        String centred = node("Sub", x, g.node("ReduceMean", List.of(x), lastAxis));
        String variance = g.node("ReduceMean", List.of(node("Mul", centred, centred)), lastAxis);
        return node("Div", centred, node("Sqrt", node("Add", variance, scalar(DenoiserSpec.LAYER_NORM_EPSILON))));
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
