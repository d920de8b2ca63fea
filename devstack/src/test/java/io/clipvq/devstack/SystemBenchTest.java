package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SystemBenchTest {

    @Test
    void should_take_the_middle_value_of_an_odd_count_and_the_mean_of_the_middle_two_of_an_even_count() {
        assertThat(SystemBench.median(new double[] {0.3, -0.1, 0.2})).isEqualTo(0.2);
        assertThat(SystemBench.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(SystemBench.median(new double[] {7})).isEqualTo(7);
        assertThat(SystemBench.median(new double[0])).isZero();
    }

    @Test
    void should_leave_the_values_in_their_order() {
        double[] values = {3, 1, 2};
        SystemBench.median(values);
        assertThat(values).containsExactly(3, 1, 2);
    }
}
