package io.clipvq.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PillowResamplerTest {

    @Test
    void should_evaluate_the_keys_kernel_with_a_minus_one_half() {
        // hand-computed: (1.5 t - 2.5) t^2 + 1 for t < 1, -0.5 (((t - 5) t + 8) t - 4) for 1 <= t < 2
        assertThat(PillowResampler.bicubic(0)).isEqualTo(1.0);
        assertThat(PillowResampler.bicubic(0.25)).isCloseTo(0.8671875, within(1e-15));
        assertThat(PillowResampler.bicubic(-0.75)).isCloseTo(0.2265625, within(1e-15));
        assertThat(PillowResampler.bicubic(1.0)).isCloseTo(0.0, within(1e-15));
        assertThat(PillowResampler.bicubic(1.25)).isCloseTo(-0.0703125, within(1e-15));
        assertThat(PillowResampler.bicubic(2.0)).isZero();
    }

    @Test
    void should_widen_the_support_and_normalise_when_halving() {
        // 4 -> 2: scale 2, support 4; output 0 is centred at 1.0 and sees inputs 0..3 at distances
        // -0.25, 0.25, 0.75, 1.25 (in units of 2 input samples): raw weights 0.8671875, 0.8671875, 0.2265625,
        // -0.0703125 summing to 1.890625
        PillowResampler.Taps taps = PillowResampler.taps(4, 2, PillowResampler.Filter.BICUBIC);
        assertThat(taps.start()[0]).isZero();
        assertThat(taps.count()[0]).isEqualTo(4);
        double sum = 1.890625;
        assertThat(taps.weight(0, 0)).isCloseTo(0.8671875 / sum, within(1e-12));
        assertThat(taps.weight(0, 1)).isCloseTo(0.8671875 / sum, within(1e-12));
        assertThat(taps.weight(0, 2)).isCloseTo(0.2265625 / sum, within(1e-12));
        assertThat(taps.weight(0, 3)).isCloseTo(-0.0703125 / sum, within(1e-12));
        // output 1 is the mirror image
        assertThat(taps.weight(1, 0)).isCloseTo(-0.0703125 / sum, within(1e-12));
        assertThat(taps.weight(1, 3)).isCloseTo(0.8671875 / sum, within(1e-12));
    }

    @Test
    void should_interpolate_at_quarter_positions_when_doubling() {
        // 3 -> 6: output 2 is centred at 1.25 (input j's centre is j + 0.5), i.e. 0.75 right of input 0, 0.25 left
        // of input 1 and 1.25 left of input 2: weights 0.2265625, 0.8671875, -0.0703125 (input 3 does not exist)
        PillowResampler.Taps taps = PillowResampler.taps(3, 6, PillowResampler.Filter.BICUBIC);
        double sum = 0.2265625 + 0.8671875 - 0.0703125;
        assertThat(taps.start()[2]).isZero();
        assertThat(taps.count()[2]).isEqualTo(3);
        assertThat(taps.weight(2, 0)).isCloseTo(0.2265625 / sum, within(1e-12));
        assertThat(taps.weight(2, 1)).isCloseTo(0.8671875 / sum, within(1e-12));
        assertThat(taps.weight(2, 2)).isCloseTo(-0.0703125 / sum, within(1e-12));
        float[] row = {0f, 1f, 3f};
        float[] out = new float[6];
        PillowResampler.resizeCrop(row, 0, 1, PillowResampler.taps(1, 1, PillowResampler.Filter.BICUBIC), taps, 0, 1, 0, 6, new float[6], out, 0);
        assertThat(out[2]).isCloseTo((float) ((0.8671875 - 3 * 0.0703125) / sum), within(1e-6f));
    }

    @Test
    void should_use_a_widened_triangle_for_bilinear() {
        // 4 -> 2 bilinear: support 1 x 2; output 0 centred at 1.0 sees inputs 0, 1 at distances -0.25, 0.25 and
        // input 2 at 0.75 (units of 2 samples): 0.75, 0.75, 0.25 before normalising by 1.75
        PillowResampler.Taps taps = PillowResampler.taps(4, 2, PillowResampler.Filter.BILINEAR);
        assertThat(taps.count()[0]).isEqualTo(3);
        assertThat(taps.weight(0, 0)).isCloseTo(0.75 / 1.75, within(1e-12));
        assertThat(taps.weight(0, 1)).isCloseTo(0.75 / 1.75, within(1e-12));
        assertThat(taps.weight(0, 2)).isCloseTo(0.25 / 1.75, within(1e-12));
    }

    @Test
    void should_keep_an_image_unchanged_at_the_same_size() {
        float[] image = {0.1f, 0.9f, 0.4f, 0.3f, 0.7f, 0.2f};
        float[] out = new float[6];
        PillowResampler.Taps rows = PillowResampler.taps(2, 2, PillowResampler.Filter.BICUBIC);
        PillowResampler.Taps columns = PillowResampler.taps(3, 3, PillowResampler.Filter.BICUBIC);
        PillowResampler.resizeCrop(image, 0, 1, rows, columns, 0, 2, 0, 3, new float[6], out, 0);
        assertThat(out).containsExactly(image, within(1e-7f));
    }
}
