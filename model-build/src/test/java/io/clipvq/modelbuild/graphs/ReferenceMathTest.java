package io.clipvq.modelbuild.graphs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-computed cases, so that the references do not only agree with the graphs but with the definitions. */
class ReferenceMathTest {

    @Test
    void should_apply_a_pytorch_linear_with_weight_out_by_in() {
        float[] y = ReferenceMath.linear(new float[]{1, 2}, 1, 2, new float[]{1, 0, 3, 4}, new float[]{10, 20}, 2);
        assertThat(y).containsExactly(11f, 31f);
    }

    @Test
    void should_normalise_with_the_biased_variance() {
        // mean 2, variance 2/3
        float[] y = ReferenceMath.layerNorm(new float[]{1, 2, 3}, 1, 3, null, null, 0f);
        double s = Math.sqrt(2.0 / 3);
        assertThat(y[0]).isCloseTo((float) (-1 / s), within(1e-6f));
        assertThat(y[1]).isCloseTo(0f, within(1e-6f));
        assertThat(y[2]).isCloseTo((float) (1 / s), within(1e-6f));
    }

    @Test
    void should_convolve_with_stride_and_zero_padding_like_pytorch() {
        // 1 channel 3x3 input 1..9, 3x3 kernel of ones, stride 2, pad 1 -> 2x2 sums of the clipped windows
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] k = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        float[] y = ReferenceMath.conv2d(x, 1, 1, 3, 3, k, new float[]{0.5f}, 1, 3, 2, 1);
        assertThat(y).containsExactly(1 + 2 + 4 + 5 + 0.5f, 2 + 3 + 5 + 6 + 0.5f, 4 + 5 + 7 + 8 + 0.5f, 5 + 6 + 8 + 9 + 0.5f);
    }

    @Test
    void should_orient_the_kernel_without_flipping() {
        // cross-correlation: a kernel with a single 1 at (0, 0) reads the pixel up-left of the centre
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] k = {1, 0, 0, 0, 0, 0, 0, 0, 0};
        float[] y = ReferenceMath.conv2d(x, 1, 1, 3, 3, k, null, 1, 3, 1, 1);
        assertThat(y).containsExactly(0, 0, 0, 0, 1, 2, 0, 4, 5);
    }

    @Test
    void should_upsample_by_repeating_each_pixel() {
        float[] y = ReferenceMath.upsampleNearest2x(new float[]{1, 2}, 1, 1, 2);
        assertThat(y).containsExactly(1, 1, 2, 2, 1, 1, 2, 2);
    }

    @Test
    void should_attend_causally_so_the_first_token_sees_only_itself() {
        // width 2, one head; identity q/k/v/proj: token 0's output is its own value
        float[] eye = {1, 0, 0, 1};
        float[] qkv = {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1};
        float[] x = {1, 2, 3, 5};
        float[] causal = ReferenceMath.selfAttention(x, 1, 2, 2, 1, qkv, null, eye, null, true);
        assertThat(causal[0]).isEqualTo(1f);
        assertThat(causal[1]).isEqualTo(2f);
        // token 1 mixes both values with softmax weights of the scaled dot products 13 and 34 (/ sqrt 2)
        double w0 = Math.exp(13 / Math.sqrt(2));
        double w1 = Math.exp(34 / Math.sqrt(2));
        assertThat(causal[2]).isCloseTo((float) ((w0 * 1 + w1 * 3) / (w0 + w1)), within(1e-5f));
        float[] full = ReferenceMath.selfAttention(x, 1, 2, 2, 1, qkv, null, eye, null, false);
        double v0 = Math.exp(5 / Math.sqrt(2));
        double v1 = Math.exp(13 / Math.sqrt(2));
        assertThat(full[0]).isCloseTo((float) ((v0 * 1 + v1 * 3) / (v0 + v1)), within(1e-5f));
    }

    @Test
    void should_use_the_sigmoid_gelu_and_a_normalised_log_softmax() {
        assertThat(ReferenceMath.quickGelu(new float[]{1})[0]).isCloseTo((float) (1 / (1 + Math.exp(-1.702))), within(1e-7f));
        float[] l = ReferenceMath.logSoftmaxRows(new float[]{0, (float) Math.log(3)}, 1, 2);
        assertThat(l[0]).isCloseTo((float) Math.log(0.25), within(1e-6f));
        assertThat(l[1]).isCloseTo((float) Math.log(0.75), within(1e-6f));
    }
}
