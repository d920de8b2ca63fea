package io.clipvq.engine.sampler;

import io.clipvq.engine.schedule.DenseMaskAndReplace;
import io.clipvq.engine.schedule.DiffusionSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PosteriorStepTest {
    private static final int K = 5;

    @ParameterizedTest
    @ValueSource(ints = {10, 100})
    void should_equal_bayes_rule_for_a_known_x0(int bigT) {
        DiffusionSchedule schedule = DiffusionSchedule.standard(K, bigT);
        DenseMaskAndReplace dense = DenseMaskAndReplace.standard(K, bigT);
        double[] out = new double[K + 1];
        for (int[] st : stepPairs(bigT)) {
            PosteriorStep step = new PosteriorStep(schedule, st[1], st[0]);
            for (int x0 = 0; x0 < K; x0++) {
                double[] oneHot = new double[K];
                oneHot[x0] = 1;
                for (int xt : new int[] {x0, (x0 + 1) % K, K}) {
                    double[] bayes = dense.bayes(st[0], st[1], xt, x0);
                    double sum = 0;
                    for (double b : bayes) {
                        sum += b;
                    }
                    assertThat(sum).isCloseTo(1.0, within(1e-9));
                    step.posterior(xt, oneHot, out);
                    for (int j = 0; j <= K; j++) {
                        double expected = Math.min(0, Math.max(-70, Math.log(bayes[j])));
                        assertThat(Math.log(out[j])).as("s=%d t=%d xt=%d x0=%d j=%d", st[0], st[1], xt, x0, j)
                                .isCloseTo(expected, within(1e-6));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100})
    void should_marginalise_over_the_predicted_x0_like_the_dense_computation(int bigT) {
        DiffusionSchedule schedule = DiffusionSchedule.standard(K, bigT);
        DenseMaskAndReplace dense = DenseMaskAndReplace.standard(K, bigT);
        Random random = new Random(7);
        double[] out = new double[K + 1];
        for (int[] st : stepPairs(bigT)) {
            PosteriorStep step = new PosteriorStep(schedule, st[1], st[0]);
            for (int trial = 0; trial < 20; trial++) {
                double[] px0 = randomDistribution(random, trial % 3 == 0 ? 8.0 : 1.0);
                for (int xt = 0; xt <= K; xt++) {
                    double[] expected = dense.logPosterior(st[0], st[1], xt, px0);
                    step.posterior(xt, px0, out);
                    for (int j = 0; j <= K; j++) {
                        assertThat(Math.log(out[j])).as("s=%d t=%d xt=%d j=%d", st[0], st[1], xt, j)
                                .isCloseTo(expected[j], within(1e-6));
                    }
                }
            }
        }
    }

    /**
     * With the true p(x_0 | x_t) the skip posterior must give back the true marginal q(x_s): the jump t -> s is
     * exact, however many steps it skips (VQ-Diffusion's shifted one-step posterior would not pass this).
     */
    @ParameterizedTest
    @ValueSource(ints = {10, 100})
    void should_skip_steps_exactly(int bigT) {
        DiffusionSchedule schedule = DiffusionSchedule.linear(K, bigT, 0.9, 0.01, 0.05, 0.95);
        DenseMaskAndReplace dense = new DenseMaskAndReplace(K, bigT, 0.9, 0.01, 0.05, 0.95);
        double[] data = {0.4, 0.3, 0.15, 0.1, 0.05};
        double[] out = new double[K + 1];
        for (int[] st : stepPairs(bigT)) {
            int s = st[0];
            int t = st[1];
            PosteriorStep step = new PosteriorStep(schedule, t, s);
            double[] marginal = new double[K + 1];
            for (int xt = 0; xt <= K; xt++) {
                double qxt = 0;
                double[] trueX0 = new double[K];
                for (int x0 = 0; x0 < K; x0++) {
                    trueX0[x0] = data[x0] * dense.qBar[t][xt][x0];
                    qxt += trueX0[x0];
                }
                for (int x0 = 0; x0 < K; x0++) {
                    trueX0[x0] /= qxt;
                }
                step.posterior(xt, trueX0, out);
                for (int j = 0; j <= K; j++) {
                    marginal[j] += qxt * (out[j] <= Math.exp(-70) * 1.0000001 ? 0 : out[j]);
                }
            }
            for (int j = 0; j <= K; j++) {
                double expected = 0;
                for (int x0 = 0; x0 < K; x0++) {
                    expected += data[x0] * dense.qBar[s][j][x0];
                }
                assertThat(marginal[j]).as("q(x_%d=%d) via jump from %d", s, j, t).isCloseTo(expected, within(1e-9));
            }
        }
    }

    private static int[][] stepPairs(int bigT) {
        return new int[][] {{bigT - 1, bigT}, {0, 1}, {bigT / 2 - 1, bigT / 2}, {bigT - 4, bigT}, {0, 3},
                {2, bigT / 2}, {0, bigT}};
    }

    static double[] randomDistribution(Random random, double sharpness) {
        double[] p = new double[K];
        double sum = 0;
        for (int i = 0; i < K; i++) {
            p[i] = Math.exp(sharpness * random.nextGaussian());
            sum += p[i];
        }
        for (int i = 0; i < K; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
