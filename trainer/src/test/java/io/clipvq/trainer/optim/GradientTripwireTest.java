package io.clipvq.trainer.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GradientTripwireTest {

    @Test
    void should_keep_the_running_mean_of_ordinary_norms() {
        GradientTripwire tripwire = new GradientTripwire();
        assertThat(tripwire.record(1.0, 4.0, 0)).isFalse();
        assertThat(tripwire.record(1.0, 6.0, 1)).isFalse();
        // mean: 4, then 0.95 * 4 + 0.05 * 6
        assertThat(tripwire.meanNorm()).isCloseTo(4.1, within(1e-12));
        assertThat(tripwire.record(1.0, 4.1 * 19.9, 2)).as("just under 20x the mean").isFalse();
        assertThat(tripwire.outliers()).isZero();
    }

    @Test
    void should_count_outliers_without_letting_them_into_the_mean() {
        GradientTripwire tripwire = new GradientTripwire();
        tripwire.record(1.0, 5.0, 0);
        assertThat(tripwire.record(1.0, 5.0 * 20.5, 1)).isTrue();
        assertThat(tripwire.record(1.0, 9.79e18, 2)).isTrue();
        assertThat(tripwire.meanNorm()).isEqualTo(5.0);
        assertThat(tripwire.outliers()).isEqualTo(2);
    }

    @Test
    void should_stop_the_run_at_a_non_finite_norm_or_loss_naming_the_step() {
        GradientTripwire tripwire = new GradientTripwire();
        tripwire.record(1.0, 5.0, 0);
        assertThatThrownBy(() -> tripwire.record(1.0, Double.NaN, 6)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("step 7 has loss 1.0 and gradient norm NaN");
        assertThatThrownBy(() -> tripwire.record(Double.POSITIVE_INFINITY, 3.0, 7))
                .hasMessageContaining("step 8 has loss Infinity");
        assertThat(tripwire.outliers()).isZero();
    }

    @Test
    void should_continue_from_a_checkpointed_state() {
        GradientTripwire tripwire = GradientTripwire.fromState(new GradientTripwire(2.0, 3).state());
        assertThat(tripwire.record(1.0, 50.0, 10)).isTrue();
        assertThat(tripwire.outliers()).isEqualTo(4);
        assertThat(tripwire.record(1.0, 30.0, 11)).isFalse();
        assertThat(tripwire.meanNorm()).isCloseTo(0.95 * 2.0 + 0.05 * 30.0, within(1e-12));
    }
}
