package io.clipvq.engine.sampler;

import io.clipvq.engine.schedule.DenseMaskAndReplace;
import io.clipvq.engine.schedule.DiffusionSchedule;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GuidanceTruncationTest {

    @Test
    void should_match_dense_guidance_and_truncation() {
        Random random = new Random(11);
        for (int k : new int[] {5, 17, 256}) {
            Truncation truncation = new Truncation(k);
            double[] prob = new double[k];
            for (int trial = 0; trial < 200; trial++) {
                double[] cond = logSoftmax(random, k, 0.5 + 4 * random.nextDouble());
                double[] nul = logSoftmax(random, k, 0.5 + 4 * random.nextDouble());
                double s = new double[] {1.0, 1.2, 3.0, 0.5}[trial % 4];
                double r = new double[] {0.85, 0.9, 0.5, 1.0, 0.999}[trial % 5];
                float[] layout = interleave(cond, nul, 3, 1);
                double[] expected = DenseMaskAndReplace.guidedTruncated(cond, nul, s, r);
                int top = Guidance.guidedProbabilities(layout, 1, 3 * k + 1, 3, k, s, prob);
                // both paths: with the known top code (fast path when it alone reaches r) and without
                double[] copy = prob.clone();
                truncation.apply(prob, top, r);
                truncation.apply(copy, r);
                assertThat(copy).containsExactly(prob);
                for (int i = 0; i < k; i++) {
                    assertThat(Math.log(prob[i])).as("k=%d trial=%d code=%d", k, trial, i)
                            .isCloseTo(Math.log(expected[i]), within(1e-6));
                }
            }
        }
    }

    @Test
    void should_use_only_conditional_rows_without_guidance() {
        Random random = new Random(3);
        int k = 9;
        double[] cond = logSoftmax(random, k, 2);
        float[] layout = interleave(cond, cond, 1, 0);
        double[] expected = DenseMaskAndReplace.guidedTruncated(cond, cond, 1.0, 1.0);
        double[] prob = new double[k];
        Guidance.guidedProbabilities(layout, 0, -1, 1, k, 1.0, prob);
        for (int i = 0; i < k; i++) {
            assertThat(prob[i]).isCloseTo(expected[i], within(1e-9));
        }
    }

    @Test
    void should_always_keep_the_top_code_and_keep_ties_in_count() {
        Truncation truncation = new Truncation(4);
        double[] peaked = {0.01, 0.97, 0.01, 0.01};
        assertThat(truncation.apply(peaked, 0.5)).isEqualTo(1);
        assertThat(peaked[1]).isCloseTo(1.0, within(1e-12));
        assertThat(peaked[0]).isCloseTo(1e-30 / 0.97, within(1e-40)); // dropped at 1e-30, then renormalised
        double[] uniform = {0.25, 0.25, 0.25, 0.25};
        // keep while mass above < 0.6: ranks 0 (0), 1 (0.25), 2 (0.5) kept, rank 3 (0.75) dropped
        assertThat(truncation.apply(uniform, 0.6)).isEqualTo(3);
        double keptSum = 0;
        for (double v : uniform) {
            keptSum += v > 1e-20 ? v : 0;
        }
        assertThat(keptSum).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void should_refuse_a_truncation_outside_the_unit_interval() {
        assertThatThrownBy(() -> new Truncation(3).apply(new double[] {0.2, 0.3, 0.5}, 0.0))
                .hasMessageContaining("truncation r");
        assertThatThrownBy(() -> new SamplingParameters(10, 3.0, 1.5)).hasMessageContaining("truncation r");
    }

    /** The whole guided, truncated step against the dense chain: guidance, truncation, then Bayes posterior. */
    @Test
    void should_match_dense_full_step() {
        int k = 5;
        Random random = new Random(5);
        for (int bigT : new int[] {10, 100}) {
            DiffusionSchedule schedule = DiffusionSchedule.standard(k, bigT);
            DenseMaskAndReplace dense = DenseMaskAndReplace.standard(k, bigT);
            Truncation truncation = new Truncation(k);
            double[] prob = new double[k];
            double[] out = new double[k + 1];
            int[][] pairs = {{bigT - 1, bigT}, {bigT - 4, bigT}, {0, 1}, {0, 4}, {3, 7}};
            for (int[] st : pairs) {
                PosteriorStep step = new PosteriorStep(schedule, st[1], st[0]);
                for (int trial = 0; trial < 30; trial++) {
                    double[] cond = logSoftmax(random, k, 3);
                    double[] nul = logSoftmax(random, k, 3);
                    float[] layout = interleave(cond, nul, 1, 0);
                    double[] guided = DenseMaskAndReplace.guidedTruncated(cond, nul, 3.0, 0.9);
                    Guidance.guidedProbabilities(layout, 0, k, 1, k, 3.0, prob);
                    truncation.apply(prob, 0.9);
                    for (int xt = 0; xt <= k; xt++) {
                        double[] expected = dense.logPosterior(st[0], st[1], xt, guided);
                        step.posterior(xt, prob, out);
                        for (int j = 0; j <= k; j++) {
                            assertThat(Math.log(out[j])).isCloseTo(expected[j], within(1e-6));
                        }
                    }
                }
            }
        }
    }

    /** Writes cond and null rows in the denoiser's [rows, K, N] layout with N = stride, position {@code pos}. */
    private static float[] interleave(double[] cond, double[] nul, int stride, int pos) {
        int k = cond.length;
        float[] out = new float[2 * k * stride];
        for (int i = 0; i < k; i++) {
            out[i * stride + pos] = (float) cond[i];
            out[k * stride + i * stride + pos] = (float) nul[i];
        }
        // Comparisons use the float-rounded inputs, as the engine sees them.
        for (int i = 0; i < k; i++) {
            cond[i] = out[i * stride + pos];
            nul[i] = out[k * stride + i * stride + pos];
        }
        return out;
    }

    private static double[] logSoftmax(Random random, int k, double sharpness) {
        double[] l = new double[k];
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            l[i] = sharpness * random.nextGaussian();
            m = Math.max(m, l[i]);
        }
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += Math.exp(l[i] - m);
        }
        double lse = m + Math.log(s);
        for (int i = 0; i < k; i++) {
            l[i] -= lse;
        }
        return l;
    }
}
