package io.clipvq.engine.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DiffusionScheduleTest {
    private static final int K = 5;

    @Test
    void should_follow_method_endpoints_and_uniform_part() {
        DiffusionSchedule s = DiffusionSchedule.standard(256, 100);
        assertThat(s.abar(1)).isCloseTo(0.99999, within(1e-15));
        assertThat(s.abar(100)).isCloseTo(0.000009, within(1e-15));
        assertThat(s.gbar(1)).isCloseTo(0.000009, within(1e-15));
        assertThat(s.gbar(100)).isCloseTo(0.99999, within(1e-15));
        assertThat(s.abar(0)).isEqualTo(1.0);
        assertThat(s.gbar(0)).isEqualTo(0.0);
        for (int t = 1; t <= 100; t++) {
            assertThat(s.bbar(t)).isCloseTo((1 - s.abar(t) - s.gbar(t)) / 256, within(1e-18));
            // docs/method.md#mask-and-replace-schedule: K * bbar_t is about 1e-6 (almost pure masking)
            assertThat(256 * s.bbar(t)).isCloseTo(1e-6, within(1e-9));
            assertThat(s.alpha(t)).isCloseTo(s.abar(t) / s.abar(t - 1), within(1e-15));
            assertThat(1 - s.gamma(t)).isCloseTo((1 - s.gbar(t)) / (1 - s.gbar(t - 1)), within(1e-15));
            assertThat(s.beta(t)).isCloseTo((1 - s.alpha(t) - s.gamma(t)) / 256, within(1e-18));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100})
    void should_match_products_of_dense_step_matrices(int bigT) {
        DiffusionSchedule s = DiffusionSchedule.standard(K, bigT);
        DenseMaskAndReplace dense = DenseMaskAndReplace.standard(K, bigT);
        for (int t = 0; t <= bigT; t++) {
            for (int to = 0; to <= K; to++) {
                for (int from = 0; from <= K; from++) {
                    assertThat(s.q(t, to, from)).as("q(x_%d=%d | x_0=%d)", t, to, from)
                            .isCloseTo(dense.qBar[t][to][from], within(1e-12));
                    if (t >= 1) {
                        assertThat(s.qStep(t, to, from)).isCloseTo(dense.qStep[t][to][from], within(1e-12));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100})
    void should_give_exact_multi_step_jumps(int bigT) {
        DiffusionSchedule s = DiffusionSchedule.standard(K, bigT);
        DenseMaskAndReplace dense = DenseMaskAndReplace.standard(K, bigT);
        int[][] pairs = {{0, 1}, {0, bigT}, {3, 7}, {bigT - 4, bigT}, {1, bigT / 2}};
        for (int[] p : pairs) {
            double[][] product = dense.product(p[0], p[1]);
            DiffusionSchedule.Transition jump = s.jump(p[0], p[1]);
            for (int to = 0; to <= K; to++) {
                for (int from = 0; from <= K; from++) {
                    assertThat(jump.probability(to, from, K)).as("jump %d->%d", p[0], p[1])
                            .isCloseTo(product[to][from], within(1e-12));
                }
            }
        }
    }

    @Test
    void should_expose_log_arrays_consistent_with_values() {
        DiffusionSchedule s = DiffusionSchedule.standard(K, 10);
        double[] logAbar = s.logAbar();
        double[] logGbar = s.logGbar();
        double[] logBbar = s.logBbar();
        double[] log1mG = s.logOneMinusGbar();
        double[] logAlpha = s.logAlpha();
        double[] logGamma = s.logGamma();
        double[] logBeta = s.logBeta();
        double[] log1mGamma = s.logOneMinusGamma();
        assertThat(logGbar[0]).isEqualTo(DiffusionSchedule.LOG_ZERO);
        for (int t = 1; t <= 10; t++) {
            assertThat(logAbar[t]).isCloseTo(Math.log(s.abar(t)), within(1e-12));
            assertThat(logGbar[t]).isCloseTo(Math.log(s.gbar(t)), within(1e-12));
            assertThat(logBbar[t]).isCloseTo(Math.log(s.bbar(t)), within(1e-12));
            assertThat(log1mG[t]).isCloseTo(Math.log(1 - s.gbar(t)), within(1e-12));
            assertThat(logAlpha[t]).isCloseTo(Math.log(s.alpha(t)), within(1e-12));
            assertThat(logGamma[t]).isCloseTo(Math.log(s.gamma(t)), within(1e-12));
            assertThat(logBeta[t]).isCloseTo(Math.log(s.beta(t)), within(1e-12));
            assertThat(log1mGamma[t]).isCloseTo(Math.log(1 - s.gamma(t)), within(1e-12));
        }
        double[] lq = new double[K + 1];
        s.logQ(4, 2, lq);
        for (int x = 0; x <= K; x++) {
            assertThat(lq[x]).isCloseTo(Math.log(s.q(4, x, 2)), within(1e-12));
        }
    }

    @Test
    void should_noise_with_the_frequencies_of_q() {
        DiffusionSchedule s = DiffusionSchedule.linear(K, 10, 0.9, 0.05, 0.02, 0.9);
        int grid = 1_000_000;
        for (int t : new int[] {1, 5, 10}) {
            int[] counts = new int[K + 1];
            for (int i = 0; i < grid; i++) {
                counts[s.noise(t, 3, (i + 0.5) / grid)]++;
            }
            for (int x = 0; x <= K; x++) {
                assertThat(counts[x] / (double) grid).as("t=%d x=%d", t, x).isCloseTo(s.q(t, x, 3), within(2e-6));
            }
            assertThat(s.noise(t, K, 0.5)).isEqualTo(K);
        }
    }

    @Test
    void should_refuse_bad_parameters_naming_them() {
        assertThatThrownBy(() -> DiffusionSchedule.linear(1, 10, 0.9, 0.1, 0.1, 0.8))
                .hasMessageContaining("numCodes");
        assertThatThrownBy(() -> DiffusionSchedule.linear(5, 0, 0.9, 0.1, 0.1, 0.8))
                .hasMessageContaining("numSteps");
        assertThatThrownBy(() -> DiffusionSchedule.linear(5, 10, 1.5, 0.1, 0.1, 0.8))
                .hasMessageContaining("abarStart");
        assertThatThrownBy(() -> DiffusionSchedule.linear(5, 10, 0.5, 0.6, 0.1, 0.8))
                .hasMessageContaining("abar must not increase");
        assertThatThrownBy(() -> DiffusionSchedule.linear(5, 10, 0.9, 0.1, 0.1, 0.9))
                .hasMessageContaining("abar + gbar");
        assertThatThrownBy(() -> DiffusionSchedule.standard(5, 10).abar(11)).hasMessageContaining("0..10");
    }
}
