package io.clipvq.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class EpochOrderTest {

    @Test
    void should_visit_every_item_exactly_once_per_epoch() {
        EpochOrder order = new EpochOrder(10);
        for (int epoch = 0; epoch < 3; epoch++) {
            int first = epoch * 10;
            int[] seen = IntStream.range(first, first + 10).map(g -> order.itemAt(g, 7)).sorted().toArray();
            assertThat(seen).containsExactly(IntStream.range(0, 10).toArray());
        }
    }

    @Test
    void should_depend_only_on_seed_and_position_so_a_resumed_run_sees_the_same_items() {
        EpochOrder uninterrupted = new EpochOrder(13);
        int[] straight = IntStream.range(0, 40).map(g -> uninterrupted.itemAt(g, 3)).toArray();
        EpochOrder resumed = new EpochOrder(13);
        int[] fromTheMiddle = IntStream.range(21, 40).map(g -> resumed.itemAt(g, 3)).toArray();

        assertThat(fromTheMiddle).containsExactly(java.util.Arrays.copyOfRange(straight, 21, 40));
        assertThat(java.util.Arrays.copyOfRange(straight, 0, 13))
                .isNotEqualTo(java.util.Arrays.copyOfRange(straight, 13, 26));
        assertThat(IntStream.range(0, 13).map(g -> new EpochOrder(13).itemAt(g, 4)).toArray())
                .isNotEqualTo(java.util.Arrays.copyOfRange(straight, 0, 13));
    }

    @Test
    void should_refuse_an_empty_dataset() {
        assertThatThrownBy(() -> new EpochOrder(0)).hasMessageContaining("at least one item, got 0");
    }
}
