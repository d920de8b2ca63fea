package io.clipvq.trainer.clip;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClipTrainingConfigTest {

    @Test
    void should_warm_up_linearly_then_follow_a_half_cosine_to_zero() {
        ClipTrainingConfig config = new ClipTrainingConfig(8, 1e-3, 0, 10, 110);

        assertThat(config.rateFactor(0)).isCloseTo(0.1, within(1e-12));
        assertThat(config.rateFactor(4)).isCloseTo(0.5, within(1e-12));
        assertThat(config.rateFactor(9)).isCloseTo(1.0, within(1e-12));
        assertThat(config.rateFactor(10)).isCloseTo(1.0, within(1e-12));
        // halfway through the decay: (1 + cos(pi / 2)) / 2
        assertThat(config.rateFactor(60)).isCloseTo(0.5, within(1e-12));
        assertThat(config.rateFactor(85)).isCloseTo((1 + Math.cos(Math.PI * 0.75)) / 2, within(1e-12));
        assertThat(config.rateFactor(110)).isCloseTo(0.0, within(1e-12));
        assertThat(config.rateFactor(500)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void should_keep_the_rate_constant_without_warmup_or_decay() {
        ClipTrainingConfig config = new ClipTrainingConfig(8, 1e-3, 0);

        assertThat(config.rateFactor(0)).isEqualTo(1.0);
        assertThat(config.rateFactor(1000)).isEqualTo(1.0);
    }

    @Test
    void should_refuse_a_decay_that_ends_inside_the_warmup() {
        assertThatThrownBy(() -> new ClipTrainingConfig(8, 1e-3, 0, 50, 40))
                .hasMessageContaining("decaySteps").hasMessageContaining("40");
    }
}
