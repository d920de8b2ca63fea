package io.clipvq.trainer.bench;

import io.clipvq.modelbuild.graphs.DenoiserSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DenoiserWorkTest {

    @Test
    void should_count_the_products_of_one_row() {
        // K 10, grid 2x3 (N 6), W 8, 2 layers, 2 heads, MLP ratio 4 (hidden 32), D 5
        DenoiserSpec spec = new DenoiserSpec(10, 2, 3, 8, 2, 2, 4, 5, 20);
        long perLayer = 6 * 8 * 24      // qkv
                + 2 * 6 * 6 * 8         // scores and weighted sum
                + 6 * 8 * 8             // attention output
                + 2 * 8 * 16            // two AdaLN modulations
                + 2 * 6 * 8 * 32;       // fc1 and fc2
        assertThat(DenoiserWork.multiplyAddsPerRow(spec)).isEqualTo(2 * perLayer + 5 * 8 + 6 * 8 * 10);
    }

    @Test
    void should_count_the_conv_mlp_and_the_factorised_head() {
        DenoiserSpec conv = new DenoiserSpec(12, 2, 3, 8, 1, 2, 2, 5, 20, DenoiserSpec.Mlp.CONV3X3, List.of(4, 3));
        long layer = 6 * 8 * 24 + 2 * 6 * 6 * 8 + 6 * 8 * 8 + 2 * 8 * 16 + 2 * 6 * 9 * 8 * 16;
        assertThat(DenoiserWork.multiplyAddsPerRow(conv)).isEqualTo(layer + 5 * 8 + 6 * 8 * (4 + 3));
    }
}
