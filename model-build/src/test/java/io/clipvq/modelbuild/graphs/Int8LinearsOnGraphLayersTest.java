package io.clipvq.modelbuild.graphs;

import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;
import io.clipvq.modelbuild.quantize.Int8Linears;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A Linear of {@link GraphLayers} rewritten by {@link Int8Linears}, against the same arithmetic written out in Java, and against fp32. */
class Int8LinearsOnGraphLayersTest {
    private static final int IN = 24;
    private static final int OUT = 10;
    private static final WeightLayout LAYOUT = WeightLayout.builder().linear("fc", IN, OUT, true).build();

    @Test
    void should_compute_row_quantized_products_exactly_as_written_out() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(LAYOUT, 5, 0.7);
        int rows = 6;
        float[] x = OrtRunner.gaussian(new SplittableRandom(6), rows * IN, 2);
        x[3] = 40f; // an outlier sets its row's scale
        Arrays.fill(x, IN, 2 * IN, 0f); // a row of zeros must give the bias, not NaN

        float[] actual = run(weights, x, 2, 3);
        float[] expected = int8Reference(weights, x, rows);

        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("y[%d]", i).isCloseTo(expected[i], within(1e-5f * (1 + Math.abs(expected[i]))));
        }
        for (int o = 0; o < OUT; o++) {
            assertThat(actual[OUT + o]).isEqualTo(weights.get("fc.bias")[o]);
        }
    }

    @Test
    void should_stay_close_to_the_fp32_linear() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(LAYOUT, 7, 0.7);
        int rows = 8;
        float[] x = OrtRunner.gaussian(new SplittableRandom(8), rows * IN, 1);

        float[] int8 = run(weights, x, rows);
        float[] fp32 = ReferenceMath.linear(x, rows, IN, weights.get("fc.weight"), weights.get("fc.bias"), OUT);

        // x_i w_i - (x_i + e_i)(w_i + f_i) with |e_i| <= a / 2, |f_i| <= s / 2: at most |x_i| s/2 + |w_i| a/2 + a s/4
        float[] w = weights.get("fc.weight");
        for (int r = 0; r < rows; r++) {
            float a = 0;
            for (int i = 0; i < IN; i++) {
                a = Math.max(a, Math.abs(x[r * IN + i]) / 127);
            }
            for (int o = 0; o < OUT; o++) {
                float s = 0;
                for (int i = 0; i < IN; i++) {
                    s = Math.max(s, Math.abs(w[o * IN + i]) / 63);
                }
                double bound = 0;
                for (int i = 0; i < IN; i++) {
                    bound += Math.abs(x[r * IN + i]) * s / 2 + Math.abs(w[o * IN + i]) * a / 2 + a * s / 4;
                }
                assertThat(int8[r * OUT + o]).as("y[%d, %d]", r, o)
                        .isCloseTo(fp32[r * OUT + o], within((float) bound + 1e-5f));
            }
        }
        assertThat(int8).isNotEqualTo(fp32);
    }

    @Test
    void should_give_each_row_the_same_result_whatever_else_is_in_the_batch() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(LAYOUT, 9, 0.7);
        float[] batch = OrtRunner.gaussian(new SplittableRandom(10), 5 * IN, 1);
        batch[2 * IN + 1] = 100f; // a large row next to small ones

        float[] together = run(weights, batch, 5);
        for (int r = 0; r < 5; r++) {
            float[] alone = run(weights, Arrays.copyOfRange(batch, r * IN, (r + 1) * IN), 1);
            assertThat(Arrays.copyOfRange(together, r * OUT, (r + 1) * OUT)).as("row %d", r).containsExactly(alone);
        }
    }

    /** y = x W^T + b with x [dims..., IN] through an int8 linear graph. */
    private static float[] run(Map<String, float[]> weights, float[] x, long... leadingDims) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("linear");
        GraphLayers l = new GraphLayers(g, LAYOUT, weights);
        Object[] inDims = new Object[leadingDims.length + 1];
        Object[] outDims = new Object[leadingDims.length + 1];
        long[] shape = Arrays.copyOf(leadingDims, leadingDims.length + 1);
        for (int i = 0; i < leadingDims.length; i++) {
            inDims[i] = "d" + i;
            outDims[i] = "d" + i;
        }
        inDims[leadingDims.length] = (long) IN;
        outDims[leadingDims.length] = (long) OUT;
        shape[leadingDims.length] = IN;
        String input = g.input("x", OnnxType.FLOAT, inDims);
        g.output("y", l.linear(input, "fc", true), OnnxType.FLOAT, outDims);
        return new OrtRunner().floats("x", x, shape).runFloat(Int8Linears.quantize(g.build()), "y");
    }

    /**
     * The int8 Linear written out: row scale a = max|x_r| / 127, levels rint(x / a) in [-127, 127], column scale
     * s_j = max_i |W_ji| / 63, weight levels rint(W / s), y = a * s_j * integer sum + b.
     */
    private static float[] int8Reference(Map<String, float[]> weights, float[] x, int rows) {
        float[] w = weights.get("fc.weight"); // [OUT, IN]
        float[] b = weights.get("fc.bias");
        float[] columnScale = new float[OUT];
        for (int o = 0; o < OUT; o++) {
            for (int i = 0; i < IN; i++) {
                columnScale[o] = Math.max(columnScale[o], Math.abs(w[o * IN + i]));
            }
            columnScale[o] /= 63;
        }
        float[] y = new float[rows * OUT];
        for (int r = 0; r < rows; r++) {
            float amax = 0;
            for (int i = 0; i < IN; i++) {
                amax = Math.max(amax, Math.abs(x[r * IN + i]));
            }
            float a = Math.max(amax, 1e-30f) / 127;
            for (int o = 0; o < OUT; o++) {
                long sum = 0;
                for (int i = 0; i < IN; i++) {
                    long xq = (long) Math.rint(x[r * IN + i] / a);
                    long wq = (long) Math.rint(w[o * IN + i] / columnScale[o]);
                    sum += xq * wq;
                }
                y[r * OUT + o] = (float) ((double) a * columnScale[o] * sum) + b[o];
            }
        }
        return y;
    }
}
