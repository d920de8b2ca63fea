package io.clipvq.trainer.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RateScheduleTest {

    @Test
    void should_keep_the_full_rate_when_constant() {
        RateSchedule constant = RateSchedule.constant();
        assertThat(constant.factor(0)).isEqualTo(1.0);
        assertThat(constant.factor(1_000_000)).isEqualTo(1.0);
    }

    @Test
    void should_decay_along_a_cosine_over_the_last_fraction_of_the_run() {
        // 100 steps, last 20%: full rate for steps 0..79, then 0.5 (1 + cos(pi (s - 80) / 20))
        RateSchedule schedule = RateSchedule.decayOverLast(0.2, 100);
        assertThat(schedule.factor(0)).isEqualTo(1.0);
        assertThat(schedule.factor(79)).isEqualTo(1.0);
        assertThat(schedule.factor(80)).isCloseTo(1.0, within(1e-12));
        assertThat(schedule.factor(85)).isCloseTo((1 + Math.cos(Math.PI / 4)) / 2, within(1e-12));
        assertThat(schedule.factor(90)).isCloseTo(0.5, within(1e-12));
        assertThat(schedule.factor(99)).isCloseTo((1 + Math.cos(Math.PI * 19 / 20)) / 2, within(1e-12));
        assertThat(schedule.factor(100)).isCloseTo(0.0, within(1e-12));
        assertThat(schedule.factor(150)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void should_start_the_decay_of_a_15000_step_run_at_12000_for_a_fifth() {
        RateSchedule schedule = RateSchedule.decayOverLast(0.2, 15_000);
        assertThat(schedule.decayStart()).isEqualTo(12_000);
        assertThat(schedule.decayEnd()).isEqualTo(15_000);
    }

    @Test
    void should_warm_up_linearly_then_follow_the_cosine_from_the_end_of_the_warmup() {
        RateSchedule schedule = RateSchedule.warmupThenCosine(10, 110);
        assertThat(schedule.factor(0)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.factor(9)).isCloseTo(1.0, within(1e-12));
        assertThat(schedule.factor(60)).isCloseTo(0.5, within(1e-12));
        assertThat(schedule.factor(110)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void should_mean_no_decay_for_a_zero_fraction() {
        assertThat(RateSchedule.decayOverLast(0, 15_000)).isEqualTo(RateSchedule.constant());
    }

    @Test
    void should_refuse_a_fraction_outside_zero_to_one_and_a_decay_that_ends_before_it_starts() {
        assertThatThrownBy(() -> RateSchedule.decayOverLast(1.5, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decay fraction");
        assertThatThrownBy(() -> new RateSchedule(0, 50, 40)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("end after");
        assertThatThrownBy(() -> new RateSchedule(20, 10, 40)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the warmup");
    }
}
