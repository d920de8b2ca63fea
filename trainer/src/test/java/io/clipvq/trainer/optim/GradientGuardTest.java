package io.clipvq.trainer.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GradientGuardTest {

    @Test
    void should_accept_ordinary_norms_and_keep_their_running_mean() {
        GradientGuard guard = new GradientGuard();
        assertThat(guard.accept(4.0, 0)).isTrue();
        assertThat(guard.accept(6.0, 1)).isTrue();
        // mean: 4, then 0.95 * 4 + 0.05 * 6
        assertThat(guard.meanNorm()).isCloseTo(4.1, within(1e-12));
        assertThat(guard.accept(4.1 * 19.9, 2)).as("just under 20x the mean").isTrue();
        assertThat(guard.refused()).isZero();
    }

    @Test
    void should_refuse_non_finite_and_outlying_norms_without_letting_them_into_the_mean() {
        GradientGuard guard = new GradientGuard();
        guard.accept(5.0, 0);
        assertThat(guard.accept(Double.NaN, 1)).isFalse();
        assertThat(guard.accept(Double.POSITIVE_INFINITY, 2)).isFalse();
        assertThat(guard.accept(9.79e18, 3)).isFalse();
        assertThat(guard.accept(5.0 * 20.5, 4)).isFalse();
        assertThat(guard.meanNorm()).isEqualTo(5.0);
        assertThat(guard.refused()).isEqualTo(4);
    }

    @Test
    void should_refuse_a_non_finite_first_step_and_accept_whatever_finite_norm_comes_first() {
        GradientGuard guard = new GradientGuard();
        assertThat(guard.accept(Double.NaN, 0)).isFalse();
        assertThat(guard.accept(1e6, 1)).as("no mean to compare with yet").isTrue();
        assertThat(guard.meanNorm()).isEqualTo(1e6);
    }

    @Test
    void should_continue_from_a_restored_state() {
        GradientGuard guard = new GradientGuard(2.0, 3);
        assertThat(guard.accept(50.0, 10)).isFalse();
        assertThat(guard.refused()).isEqualTo(4);
        assertThat(guard.accept(30.0, 11)).isTrue();
        assertThat(guard.meanNorm()).isCloseTo(0.95 * 2.0 + 0.05 * 30.0, within(1e-12));
    }

    @Test
    void should_stop_a_run_once_more_than_twenty_steps_plus_one_percent_were_refused() {
        GradientGuard guard = new GradientGuard(1.0, 0);
        // at step 999 (the 1,000th step) the allowance is 20 + 10 = 30 refusals
        for (int i = 0; i < 30; i++) {
            assertThat(guard.accept(Double.NaN, 999)).isFalse();
        }
        assertThatThrownBy(() -> guard.accept(Double.NaN, 999))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("31 of 1000 steps had non-finite or outlying gradients");
    }
}
