package io.clipvq.trainer.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipvq.engine.schedule.DiffusionSchedule;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DiffusionLossTest {
    private static final int K = 4;
    private static final int T = 6;
    private static final int N = 3;
    // endpoints far from the defaults so that uniform replacement carries real mass
    private static final DiffusionSchedule SCHEDULE = DiffusionSchedule.linear(K, T, 0.95, 0.05, 0.02, 0.9);

    @Test
    void should_match_a_dense_sum_over_all_states_of_the_vlb_and_auxiliary_terms() {
        int[] t = {1, 2, 4, 6, 3};
        int batch = t.length;
        long[] x0 = {0, 3, 2, 1, 1, 1, 2, 0, 3, 3, 2, 0, 1, 0, 2};
        long[] xt = {0, 4, 1, 1, 4, 1, 2, 3, 4, 4, 4, 4, 0, 2, 3};
        double[] logProbs = randomLogProbs(batch, new SplittableRandom(7));
        double[] pt = {0.1, 0.2, 0.3, 0.25, 0.15};

        double[] expectedVlb = new double[batch];
        double[] expectedAux = new double[batch];
        double expectedTotal = 0;
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < N; n++) {
                int a = (int) x0[b * N + n];
                int x = (int) xt[b * N + n];
                double[] p0 = new double[K];
                for (int k = 0; k < K; k++) {
                    p0[k] = Math.exp(logProbs[(b * K + k) * N + n]);
                }
                double[] model = denseReverse(t[b], x, p0);
                if (t[b] == 1) {
                    expectedVlb[b] -= Math.log(model[a]);
                } else {
                    double[] oneHot = new double[K];
                    oneHot[a] = 1;
                    double[] truth = denseReverse(t[b], x, oneHot);
                    for (int j = 0; j <= K; j++) {
                        if (truth[j] > 0) {
                            expectedVlb[b] += truth[j] * (Math.log(truth[j]) - Math.log(model[j]));
                        }
                    }
                }
                expectedAux[b] -= Math.log(p0[a]);
            }
            double w = 5e-4 * (2.0 - (double) t[b] / T);
            expectedTotal += (expectedVlb[b] + w * expectedAux[b]) / pt[b];
        }
        expectedTotal /= batch * N;

        DiffusionLoss loss = new DiffusionLoss(SCHEDULE, 5e-4);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] lp = new float[logProbs.length];
            for (int i = 0; i < lp.length; i++) {
                lp[i] = (float) logProbs[i];
            }
            DiffusionLoss.Terms terms = loss.terms(m.create(lp, new Shape(batch, K, N)).transpose(0, 2, 1), m.create(x0, new Shape(batch, N)),
                    m.create(xt, new Shape(batch, N)), t);
            float[] vlb = terms.vlb().toFloatArray();
            float[] aux = terms.aux().toFloatArray();
            for (int b = 0; b < batch; b++) {
                assertThat((double) vlb[b]).as("L_t of sample %d (t=%d)", b, t[b]).isCloseTo(expectedVlb[b], within(2e-5 + 1e-5 * Math.abs(expectedVlb[b])));
                assertThat((double) aux[b]).as("aux of sample %d", b).isCloseTo(expectedAux[b], within(1e-5));
            }
            NDArray total = loss.total(terms, t, pt, N);
            assertThat((double) total.getFloat()).isCloseTo(expectedTotal, within(1e-5 * Math.abs(expectedTotal)));
        }
    }

    @Test
    void should_give_zero_vlb_when_the_network_predicts_x0_exactly() {
        int[] t = {2, 5};
        long[] x0 = {1, 2, 3, 0, 0, 2};
        long[] xt = {4, 2, 0, 0, 4, 1};
        float[] lp = new float[2 * K * N];
        for (int b = 0; b < 2; b++) {
            for (int k = 0; k < K; k++) {
                for (int n = 0; n < N; n++) {
                    lp[(b * K + k) * N + n] = x0[b * N + n] == k ? 0f : (float) DiffusionSchedule.LOG_ZERO;
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            DiffusionLoss.Terms terms = new DiffusionLoss(SCHEDULE, 5e-4).terms(m.create(lp, new Shape(2, K, N)).transpose(0, 2, 1),
                    m.create(x0, new Shape(2, N)), m.create(xt, new Shape(2, N)), t);
            // zero up to float rounding of the log terms
            assertThat(terms.vlb().abs().max().getFloat()).isLessThan(1e-6f);
            assertThat(terms.aux().abs().max().getFloat()).isLessThan(1e-6f);
        }
    }

    /** p(x_{t-1} = j | x_t) = sum_k q(x_t | x_{t-1} = j) q(x_{t-1} = j | x_0 = k) p(k) / q(x_t | x_0 = k). */
    private static double[] denseReverse(int t, int xt, double[] p0) {
        double[] out = new double[K + 1];
        for (int j = 0; j <= K; j++) {
            double s = 0;
            for (int k = 0; k < K; k++) {
                s += SCHEDULE.qStep(t, xt, j) * SCHEDULE.q(t - 1, j, k) * p0[k] / SCHEDULE.q(t, xt, k);
            }
            out[j] = s;
        }
        return out;
    }

    private static double[] randomLogProbs(int batch, SplittableRandom random) {
        double[] out = new double[batch * K * N];
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < N; n++) {
                double[] logits = new double[K];
                double sum = 0;
                for (int k = 0; k < K; k++) {
                    logits[k] = 2 * random.nextGaussian();
                    sum += Math.exp(logits[k]);
                }
                for (int k = 0; k < K; k++) {
                    out[(b * K + k) * N + n] = logits[k] - Math.log(sum);
                }
            }
        }
        return out;
    }
}
