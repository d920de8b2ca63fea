package io.clipvq.modelbuild.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnnxGraphBuilderTest {

    private static final double TOLERANCE = 1e-5;
    // The environment is a process-wide singleton shared with other tests; sessions and tensors are closed here.
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final Random random = new Random(42);

    @Test
    void should_compute_matmul_plus_bias_like_plain_java() throws OrtException {
        int batch = 3, in = 5, out = 4;
        float[] w = randoms(in * out);
        float[] b = randoms(out);
        float[] x = randoms(batch * in);

        OnnxGraphBuilder g = new OnnxGraphBuilder("linear");
        String input = g.input("x", OnnxType.FLOAT, "B", (long) in);
        String product = g.node("MatMul", List.of(input, g.initializer("w", w, in, out)), Map.of());
        g.output("y", g.node("Add", List.of(product, g.initializer("b", b, out)), Map.of()), OnnxType.FLOAT, "B", (long) out);

        float[] expected = new float[batch * out];
        for (int r = 0; r < batch; r++) {
            for (int c = 0; c < out; c++) {
                double sum = b[c];
                for (int k = 0; k < in; k++) {
                    sum += x[r * in + k] * w[k * out + c];
                }
                expected[r * out + c] = (float) sum;
            }
        }
        assertClose(runFloat(g.build(), Map.of("x", floats(x, batch, in)), "y"), expected);
    }

    @Test
    void should_gather_embedding_rows_by_int64_indices() throws OrtException {
        int vocab = 7, width = 3;
        float[] table = randoms(vocab * width);
        long[] ids = {6, 0, 3, 3, 1, 5};

        OnnxGraphBuilder g = new OnnxGraphBuilder("embedding");
        String x = g.input("ids", OnnxType.INT64, "B", "N");
        String y = g.node("Gather", List.of(g.initializer("table", table, vocab, width), x), Map.of("axis", 0L));
        g.output("emb", y, OnnxType.FLOAT, "B", "N", (long) width);

        float[] expected = new float[ids.length * width];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(table, (int) ids[i] * width, expected, i * width, width);
        }
        assertClose(runFloat(g.build(), Map.of("ids", longs(ids, 2, 3)), "emb"), expected);
    }

    @Test
    void should_gather_from_an_int64_initializer() throws OrtException {
        long[] table = {10, 20, 30, 40};
        OnnxGraphBuilder g = new OnnxGraphBuilder("lookup");
        String i = g.input("i", OnnxType.INT64, 2L);
        g.output("v", g.node("Gather", List.of(g.initializer("table", table, 4), i), Map.of("axis", 0)), OnnxType.INT64, 2L);

        try (OrtSession session = ENV.createSession(g.build());
                OnnxTensor in = OnnxTensor.createTensor(ENV, LongBuffer.wrap(new long[] {3, 1}), new long[] {2});
                OrtSession.Result result = session.run(Map.of("i", in))) {
            assertThat((long[]) result.get(0).getValue()).containsExactly(40, 20);
        }
    }

    @Test
    void should_normalise_layers_like_plain_java() throws OrtException {
        int rows = 4, width = 6;
        float eps = 1e-5f;
        float[] gamma = randoms(width);
        float[] beta = randoms(width);
        float[] x = randoms(rows * width);

        OnnxGraphBuilder g = new OnnxGraphBuilder("layer_norm");
        String input = g.input("x", OnnxType.FLOAT, "B", (long) width);
        String y = g.node("LayerNormalization",
                List.of(input, g.initializer("gamma", gamma, width), g.initializer("beta", beta, width)),
                Map.of("axis", -1L, "epsilon", (double) eps));
        g.output("y", y, OnnxType.FLOAT, "B", (long) width);

        float[] expected = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            double mean = 0, var = 0;
            for (int c = 0; c < width; c++) {
                mean += x[r * width + c];
            }
            mean /= width;
            for (int c = 0; c < width; c++) {
                var += Math.pow(x[r * width + c] - mean, 2);
            }
            var /= width;
            for (int c = 0; c < width; c++) {
                expected[r * width + c] = (float) ((x[r * width + c] - mean) / Math.sqrt(var + eps) * gamma[c] + beta[c]);
            }
        }
        assertClose(runFloat(g.build(), Map.of("x", floats(x, rows, width)), "y"), expected);
    }

    @Test
    void should_apply_softmax_and_log_softmax_over_an_axis() throws OrtException {
        int rows = 2, k = 5, cols = 3;
        float[] x = randoms(rows * k * cols);

        OnnxGraphBuilder g = new OnnxGraphBuilder("softmax");
        String input = g.input("x", OnnxType.FLOAT, "B", (long) k, (long) cols);
        g.output("p", g.node("Softmax", List.of(input), Map.of("axis", 1L)), OnnxType.FLOAT, "B", (long) k, (long) cols);
        g.output("logp", g.node("LogSoftmax", List.of(input), Map.of("axis", 1L)), OnnxType.FLOAT, "B", (long) k, (long) cols);
        byte[] model = g.build();

        float[] expected = new float[x.length];
        float[] expectedLog = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int i = 0; i < k; i++) {
                    max = Math.max(max, x[(r * k + i) * cols + c]);
                }
                for (int i = 0; i < k; i++) {
                    sum += Math.exp(x[(r * k + i) * cols + c] - max);
                }
                for (int i = 0; i < k; i++) {
                    int at = (r * k + i) * cols + c;
                    expected[at] = (float) (Math.exp(x[at] - max) / sum);
                    expectedLog[at] = (float) (x[at] - max - Math.log(sum));
                }
            }
        }
        assertClose(runFloat(model, Map.of("x", floats(x, rows, k, cols)), "p"), expected);
        assertClose(runFloat(model, Map.of("x", floats(x, rows, k, cols)), "logp"), expectedLog);
    }

    @Test
    void should_reshape_and_transpose_like_plain_java() throws OrtException {
        // [B, 6] -> reshape [B, 2, 3] -> transpose to [B, 3, 2]
        float[] x = randoms(2 * 6);
        OnnxGraphBuilder g = new OnnxGraphBuilder("reshape_transpose");
        String input = g.input("x", OnnxType.FLOAT, "B", 6L);
        String reshaped = g.node("Reshape", List.of(input, g.constantInt64("shape", new long[] {-1, 2, 3}, 3)), Map.of());
        String y = g.node("Transpose", List.of(reshaped), Map.of("perm", new long[] {0, 2, 1}));
        g.output("y", y, OnnxType.FLOAT, "B", 3L, 2L);

        float[] expected = new float[x.length];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    expected[b * 6 + j * 2 + i] = x[b * 6 + i * 3 + j];
                }
            }
        }
        assertClose(runFloat(g.build(), Map.of("x", floats(x, 2, 6)), "y"), expected);
    }

    @Test
    void should_convolve_with_padding_and_bias_like_plain_java() throws OrtException {
        int cin = 2, cout = 3, h = 5, w = 4, k = 3;
        float[] weight = randoms(cout * cin * k * k);
        float[] bias = randoms(cout);
        float[] x = randoms(cin * h * w);

        OnnxGraphBuilder g = new OnnxGraphBuilder("conv");
        String input = g.input("x", OnnxType.FLOAT, "B", (long) cin, (long) h, (long) w);
        String y = g.node("Conv",
                List.of(input, g.initializer("w", weight, cout, cin, k, k), g.initializer("b", bias, cout)),
                Map.of("kernel_shape", new long[] {k, k}, "pads", new long[] {1, 1, 1, 1}));
        g.output("y", y, OnnxType.FLOAT, "B", (long) cout, (long) h, (long) w);

        float[] expected = new float[cout * h * w];
        for (int o = 0; o < cout; o++) {
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    double sum = bias[o];
                    for (int i = 0; i < cin; i++) {
                        for (int dr = 0; dr < k; dr++) {
                            for (int dc = 0; dc < k; dc++) {
                                int rr = r + dr - 1, cc = c + dc - 1;
                                if (rr >= 0 && rr < h && cc >= 0 && cc < w) {
                                    sum += x[(i * h + rr) * w + cc] * weight[((o * cin + i) * k + dr) * k + dc];
                                }
                            }
                        }
                    }
                    expected[(o * h + r) * w + c] = (float) sum;
                }
            }
        }
        assertClose(runFloat(g.build(), Map.of("x", floats(x, 1, cin, h, w)), "y"), expected);
    }

    @Test
    void should_split_into_several_outputs_and_use_constant_scalars() throws OrtException {
        float[] x = randoms(2 * 6);
        OnnxGraphBuilder g = new OnnxGraphBuilder("split");
        String input = g.input("x", OnnxType.FLOAT, "B", 6L);
        List<String> parts = g.nodeMulti("Split", List.of(input, g.constantInt64("sizes", new long[] {2, 4}, 2)),
                Map.of("axis", 1L), 2);
        String scaled = g.node("Mul", List.of(parts.get(1), g.constantFloat("half", new float[] {0.5f})), Map.of());
        g.output("a", parts.get(0), OnnxType.FLOAT, "B", 2L);
        g.output("b", scaled, OnnxType.FLOAT, "B", 4L);
        byte[] model = g.build();

        float[] a = new float[4], b = new float[8];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 6; c++) {
                if (c < 2) {
                    a[r * 2 + c] = x[r * 6 + c];
                } else {
                    b[r * 4 + c - 2] = 0.5f * x[r * 6 + c];
                }
            }
        }
        assertThat(parts).doesNotHaveDuplicates();
        assertClose(runFloat(model, Map.of("x", floats(x, 2, 6)), "a"), a);
        assertClose(runFloat(model, Map.of("x", floats(x, 2, 6)), "b"), b);
    }

    @Test
    void should_declare_symbolic_and_fixed_dimensions_seen_by_onnx_runtime() throws OrtException {
        OnnxGraphBuilder g = new OnnxGraphBuilder("dims");
        String x = g.input("x_t", OnnxType.INT64, "B", 64L);
        g.output("y", g.node("Cast", List.of(x), Map.of("to", (long) OnnxType.FLOAT.code())), OnnxType.FLOAT, "B", 64L);
        try (OrtSession session = ENV.createSession(g.build())) {
            TensorInfo in = (TensorInfo) session.getInputInfo().get("x_t").getInfo();
            NodeInfo out = session.getOutputInfo().get("y");
            assertThat(in.getShape()).containsExactly(-1, 64);
            assertThat(in.getDimensionNames()).containsExactly("B", "");
            assertThat(in.onnxType).isEqualTo(TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64);
            assertThat(((TensorInfo) out.getInfo()).onnxType).isEqualTo(TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT);
        }
    }

    @Test
    void should_write_identical_bytes_for_identical_calls() {
        assertThat(smallGraph()).isEqualTo(smallGraph());
    }

    @Test
    void should_refuse_undefined_inputs_duplicate_names_bad_shapes_and_attributes() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("bad");
        String x = g.input("x", OnnxType.FLOAT, "B", 2L);
        assertThatThrownBy(() -> g.node("Relu", List.of("nope"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope' is not defined");
        assertThatThrownBy(() -> g.input("x", OnnxType.FLOAT, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' is already defined");
        assertThatThrownBy(() -> g.initializer("w", new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 6 values, got 5");
        assertThatThrownBy(() -> g.node("Relu", List.of(x), Map.of("alpha", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attribute 'alpha'");
        assertThatThrownBy(() -> g.input("z", OnnxType.FLOAT, 2.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension");
        assertThatThrownBy(g::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("no outputs");
    }

    private byte[] smallGraph() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("same");
        String x = g.input("x", OnnxType.FLOAT, "B", 2L);
        String y = g.node("LayerNormalization", List.of(x, g.initializer("gamma", new float[] {1, 2}, 2)),
                Map.of("epsilon", 1e-5, "axis", -1L, "stash_type", 1L));
        g.output("y", g.node("Relu", List.of(y), Map.of()), OnnxType.FLOAT, "B", 2L);
        return g.build();
    }

    private static float[] runFloat(byte[] model, Map<String, Object[]> inputs, String output) throws OrtException {
        try (OrtSession session = ENV.createSession(model)) {
            var tensors = new java.util.HashMap<String, OnnxTensor>();
            try {
                for (var e : inputs.entrySet()) {
                    Object data = e.getValue()[0];
                    long[] shape = (long[]) e.getValue()[1];
                    tensors.put(e.getKey(), data instanceof float[] f
                            ? OnnxTensor.createTensor(ENV, FloatBuffer.wrap(f), shape)
                            : OnnxTensor.createTensor(ENV, LongBuffer.wrap((long[]) data), shape));
                }
                try (OrtSession.Result result = session.run(tensors)) {
                    OnnxTensor out = (OnnxTensor) result.get(output).orElseThrow();
                    FloatBuffer buffer = out.getFloatBuffer();
                    float[] values = new float[buffer.remaining()];
                    buffer.get(values);
                    return values;
                }
            } finally {
                for (OnnxTensor t : tensors.values()) {
                    t.close();
                }
            }
        }
    }

    private static Object[] floats(float[] data, long... shape) {
        return new Object[] {data, shape};
    }

    private static Object[] longs(long[] data, long... shape) {
        return new Object[] {data, shape};
    }

    private float[] randoms(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d of %s", i, Arrays.toString(actual)).isCloseTo(expected[i], within(TOLERANCE));
        }
    }
}
