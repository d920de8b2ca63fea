package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Arrays;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class FreePortTest {

    @RepeatedTest(20)
    void should_pick_ports_that_differ_from_each_other() {
        int[] ports = FreePort.pickDistinct(16);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(16);
        assertThat(Arrays.stream(ports).boxed()).allSatisfy(port -> assertThat(port).isBetween(1, 65535));
    }

    @Test
    void should_pick_ports_below_the_kernels_ephemeral_range_where_the_system_tells_it() {
        int ephemeralStart = FreePort.ephemeralRangeStart();
        assumeThat(ephemeralStart).as("the ephemeral range is known (Linux)").isGreaterThan(11_000);

        int[] ports = FreePort.pickDistinct(8);

        assertThat(Arrays.stream(ports).boxed()).allSatisfy(port -> assertThat(port).isBetween(10_000, ephemeralStart - 1));
    }

    @Test
    void should_keep_a_requested_port() {
        assertThat(FreePort.resolve(4242)).isEqualTo(4242);
    }

    @Test
    void should_reject_a_port_out_of_range_in_one_sentence() {
        assertThatThrownBy(() -> FreePort.resolve(70000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be 0 (any free port) or 1..65535, got 70000");
    }
}
