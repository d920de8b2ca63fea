package io.clipvq.modelbuild.quantize;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PerChannelInt8Test {

    @Test
    void should_give_each_column_the_scale_of_its_largest_magnitude() {
        // 2 x 3, columns: {1, -4}, {0.5, 0.2}, {0, 0}
        float[] w = {1f, 0.5f, 0f, -4f, 0.2f, 0f};

        PerChannelInt8 q = PerChannelInt8.quantize(w, 2, 3);

        assertThat(q.scales()).containsExactly(4f / 63, 0.5f / 63, 1f);
        // -4 is the column's extreme: level -63; 1 -> round(63 / 4) = 16; 0.2 -> round(25.2) = 25
        assertThat(q.values()).containsExactly((byte) 16, (byte) 63, (byte) 0, (byte) -63, (byte) 25, (byte) 0);
    }

    @Test
    void should_stay_within_half_a_step_of_every_weight() {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 37;
        int columns = 11;
        float[] w = new float[rows * columns];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * (1 + i % columns));
        }

        PerChannelInt8 q = PerChannelInt8.quantize(w, rows, columns);

        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                assertThat(q.dequantized(r, c)).as("[%d, %d]", r, c)
                        .isCloseTo(w[r * columns + c], within(q.scales()[c] / 2 * 1.0001f));
                assertThat((int) q.values()[r * columns + c]).isBetween(-63, 63);
            }
        }
    }

    @Test
    void should_refuse_weights_that_are_not_finite_or_do_not_fit_the_shape() {
        assertThatThrownBy(() -> PerChannelInt8.quantize(new float[]{1, Float.NaN}, 1, 2))
                .hasMessageContaining("weight [0, 1] is NaN");
        assertThatThrownBy(() -> PerChannelInt8.quantize(new float[5], 2, 3))
                .hasMessageContaining("a 2 x 3 matrix needs 6 values, got 5");
    }
}
