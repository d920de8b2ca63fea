package io.clipvq.worker.generation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VersionOrderTest {

    @Test
    void should_order_numeric_parts_as_numbers() {
        List<String> versions = new ArrayList<>(List.of("0.10.0", "0.9.1", "1.0", "0.4.1", "0.4"));
        versions.sort(VersionOrder.INSTANCE);
        assertThat(versions).containsExactly("0.4", "0.4.1", "0.9.1", "0.10.0", "1.0");
    }

    @Test
    void should_order_text_parts_as_text_and_be_consistent_with_equality() {
        assertThat(VersionOrder.INSTANCE.compare("1.0-beta", "1.0-alpha")).isPositive();
        assertThat(VersionOrder.INSTANCE.compare("2.0", "2.0")).isZero();
        assertThat(VersionOrder.INSTANCE.compare("2.0", "2-0")).isNotZero();
    }
}
