package io.clipvq.modelbuild.graphs;

import io.clipvq.contracts.bundle.DenoiserPrecision;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DenoiserGraphTest {
    // deliberately unequal sizes, so that a swapped axis cannot go unnoticed
    private static final DenoiserSpec SPEC = new DenoiserSpec(7, 2, 3, 16, 2, 2, 4, 5, 10);
    private static final int BATCH = 3;

    @Test
    void should_match_the_plain_java_forward_pass() throws Exception {
        // scale 0.5, not 0.02: large enough weights that every part of the network moves the output
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 11, 0.5);
        SplittableRandom random = new SplittableRandom(12);
        int n = SPEC.sequenceLength();
        long[] codes = OrtRunner.ints(random, BATCH * n, SPEC.codebookSize() + 1);
        codes[0] = SPEC.maskToken();
        long[] t = {0, 4, SPEC.timesteps() - 1};
        float[] cond = OrtRunner.gaussian(random, BATCH * SPEC.clipDim(), 1);

        float[] actual = run(weights, codes, t, cond);
        float[] expected = DenoiserReference.forward(SPEC, weights, codes, t, cond, BATCH);

        assertThat(actual).hasSize(BATCH * SPEC.codebookSize() * n);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("log_probs[%d]", i).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @Test
    void should_match_the_plain_java_forward_pass_with_the_conv_mlp_on_the_code_grid() throws Exception {
        DenoiserSpec conv = new DenoiserSpec(7, 2, 3, 16, 2, 2, 2, 5, 10, DenoiserSpec.Mlp.CONV3X3);
        Map<String, float[]> weights = RandomWeights.generate(conv.layout(), 13, 0.3);
        assertThat(weights).containsKey("blocks.1.mlp.conv2.weight").doesNotContainKey("blocks.1.mlp.fc1.weight");
        SplittableRandom random = new SplittableRandom(14);
        long[] codes = OrtRunner.ints(random, BATCH * 6, 8);
        long[] t = {9, 0, 3};
        float[] cond = OrtRunner.gaussian(random, BATCH * 5, 1);

        float[] actual = new OrtRunner()
                .longs(DenoiserGraph.INPUT_CODES, codes, BATCH, 6)
                .longs(DenoiserGraph.INPUT_TIMESTEP, t, BATCH)
                .floats(DenoiserGraph.INPUT_CONDITION, cond, BATCH, 5)
                .runFloat(DenoiserGraph.build(conv, weights), DenoiserGraph.OUTPUT_LOG_PROBS);
        float[] expected = DenoiserReference.forward(conv, weights, codes, t, cond, BATCH);

        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("log_probs[%d]", i).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @Test
    void should_match_the_plain_java_forward_pass_with_factorised_codes() throws Exception {
        // K = 4 * 3 * 2: code = (a * 3 + b) * 2 + c
        DenoiserSpec factorised = new DenoiserSpec(24, 2, 3, 16, 2, 2, 2, 5, 10, DenoiserSpec.Mlp.LINEAR, List.of(4, 3, 2));
        Map<String, float[]> weights = RandomWeights.generate(factorised.layout(), 15, 0.5);
        assertThat(weights).containsKeys("code_embed.factor2.weight", "code_embed.mask.weight", "head.linear.factor0.bias")
                .doesNotContainKeys("code_embed.weight", "head.linear.weight");
        SplittableRandom random = new SplittableRandom(16);
        long[] codes = OrtRunner.ints(random, BATCH * 6, 25);
        codes[0] = factorised.maskToken();
        codes[1] = 23;
        long[] t = {2, 0, 9};
        float[] cond = OrtRunner.gaussian(random, BATCH * 5, 1);

        float[] actual = new OrtRunner()
                .longs(DenoiserGraph.INPUT_CODES, codes, BATCH, 6)
                .longs(DenoiserGraph.INPUT_TIMESTEP, t, BATCH)
                .floats(DenoiserGraph.INPUT_CONDITION, cond, BATCH, 5)
                .runFloat(DenoiserGraph.build(factorised, weights), DenoiserGraph.OUTPUT_LOG_PROBS);
        float[] expected = DenoiserReference.forward(factorised, weights, codes, t, cond, BATCH);

        assertThat(actual).hasSize(BATCH * 24 * 6);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("log_probs[%d]", i).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @Test
    void should_split_a_factorised_code_with_the_first_factor_slowest() {
        DenoiserSpec spec = new DenoiserSpec(24, 2, 3, 16, 2, 2, 2, 5, 10, DenoiserSpec.Mlp.LINEAR, List.of(4, 3, 2));
        int code = (3 * 3 + 1) * 2 + 1;
        assertThat(spec.codePart(code, 0)).isEqualTo(3);
        assertThat(spec.codePart(code, 1)).isEqualTo(1);
        assertThat(spec.codePart(code, 2)).isEqualTo(1);
        assertThatThrownBy(() -> spec.withCodeFactors(List.of(4, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("product is codebookSize 24");
    }

    @Test
    void should_output_normalised_log_probabilities_over_k_that_depend_on_timestep_and_condition() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 21, 0.5);
        SplittableRandom random = new SplittableRandom(22);
        int n = SPEC.sequenceLength();
        int k = SPEC.codebookSize();
        long[] codes = OrtRunner.ints(random, BATCH * n, k + 1);
        float[] cond = OrtRunner.gaussian(random, BATCH * SPEC.clipDim(), 1);
        float[] base = run(weights, codes, new long[]{1, 1, 1}, cond);

        for (int b = 0; b < BATCH; b++) {
            for (int pos = 0; pos < n; pos++) {
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(base[(b * k + c) * n + pos]);
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
            }
        }
        assertThat(run(weights, codes, new long[]{7, 7, 7}, cond)).isNotEqualTo(base);
        float[] otherCond = OrtRunner.gaussian(random, BATCH * SPEC.clipDim(), 1);
        assertThat(run(weights, codes, new long[]{1, 1, 1}, otherCond)).isNotEqualTo(base);
    }

    @Test
    void should_name_the_missing_or_mis_sized_weight() {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 1, 0.02);
        weights.remove("blocks.1.attn.qkv.bias");
        weights.put("head.linear.weight", new float[3]);

        assertThatThrownBy(() -> DenoiserGraph.build(SPEC, weights))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing weight 'blocks.1.attn.qkv.bias'")
                .hasMessageContaining("weight 'head.linear.weight' has 3 values, expected shape head.linear.weight[7, 16]");
    }

    @Test
    void should_stay_near_the_fp32_forward_pass_in_int8() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 11, 0.5);
        SplittableRandom random = new SplittableRandom(12);
        int n = SPEC.sequenceLength();
        long[] codes = OrtRunner.ints(random, BATCH * n, SPEC.codebookSize() + 1);
        long[] t = {0, 4, SPEC.timesteps() - 1};
        float[] cond = OrtRunner.gaussian(random, BATCH * SPEC.clipDim(), 1);

        float[] int8 = run(weights, codes, t, cond, BATCH, DenoiserPrecision.INT8);
        float[] fp32 = DenoiserReference.forward(SPEC, weights, codes, t, cond, BATCH);

        // log_probs [B, K, N]: compare the distribution over K at each position by total variation
        int k = SPEC.codebookSize();
        double worst = 0;
        double sum = 0;
        for (int b = 0; b < BATCH; b++) {
            for (int pos = 0; pos < n; pos++) {
                double tv = 0;
                for (int c = 0; c < k; c++) {
                    int i = (b * k + c) * n + pos;
                    tv += Math.abs(Math.exp(int8[i]) - Math.exp(fp32[i])) / 2;
                }
                worst = Math.max(worst, tv);
                sum += tv;
            }
        }
        // measured: worst 0.031, mean 0.013 on these weights (an unrelated distribution would be near 0.8)
        assertThat(worst).isGreaterThan(0).isLessThan(0.05);
        assertThat(sum / (BATCH * n)).isLessThan(0.02);
    }

    @Test
    void should_give_each_row_the_same_int8_log_probs_whatever_else_is_in_the_batch() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 17, 0.5);
        SplittableRandom random = new SplittableRandom(18);
        int n = SPEC.sequenceLength();
        long[] codes = OrtRunner.ints(random, BATCH * n, SPEC.codebookSize() + 1);
        long[] t = {1, 7, 3};
        float[] cond = OrtRunner.gaussian(random, BATCH * SPEC.clipDim(), 1);
        cond[SPEC.clipDim()] = 30f; // one row far larger than the others

        float[] together = run(weights, codes, t, cond, BATCH, DenoiserPrecision.INT8);
        int rowLength = SPEC.codebookSize() * n;
        for (int b = 0; b < BATCH; b++) {
            float[] alone = run(weights, java.util.Arrays.copyOfRange(codes, b * n, (b + 1) * n), new long[]{t[b]},
                    java.util.Arrays.copyOfRange(cond, b * SPEC.clipDim(), (b + 1) * SPEC.clipDim()), 1,
                    DenoiserPrecision.INT8);
            assertThat(java.util.Arrays.copyOfRange(together, b * rowLength, (b + 1) * rowLength)).as("row %d", b)
                    .containsExactly(alone);
        }
    }

    private static float[] run(Map<String, float[]> weights, long[] codes, long[] t, float[] cond, int batch,
                               DenoiserPrecision precision) throws Exception {
        return new OrtRunner()
                .longs(DenoiserGraph.INPUT_CODES, codes, batch, SPEC.sequenceLength())
                .longs(DenoiserGraph.INPUT_TIMESTEP, t, batch)
                .floats(DenoiserGraph.INPUT_CONDITION, cond, batch, SPEC.clipDim())
                .runFloat(DenoiserGraph.build(SPEC, weights, precision), DenoiserGraph.OUTPUT_LOG_PROBS);
    }

    private static float[] run(Map<String, float[]> weights, long[] codes, long[] t, float[] cond) throws Exception {
        return run(weights, codes, t, cond, BATCH, DenoiserPrecision.FP32);
    }
}
