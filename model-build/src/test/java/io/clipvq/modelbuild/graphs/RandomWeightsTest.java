package io.clipvq.modelbuild.graphs;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RandomWeightsTest {
    private static final WeightLayout LAYOUT = WeightLayout.builder()
            .linear("fc", 100, 200, true)
            .layerNorm("norm", 5000)
            .build();

    @Test
    void should_draw_every_weight_with_the_requested_scale_and_layer_norm_gains_around_one() {
        Map<String, float[]> w = RandomWeights.generate(LAYOUT, 3, 0.02);

        assertThat(w.keySet()).containsExactly("fc.weight", "fc.bias", "norm.weight", "norm.bias");
        assertThat(w.get("fc.weight")).hasSize(20000);
        assertThat(mean(w.get("fc.weight"))).isCloseTo(0, within(0.001));
        assertThat(std(w.get("fc.weight"))).isCloseTo(0.02, within(0.001));
        assertThat(mean(w.get("norm.weight"))).isCloseTo(1, within(0.002));
        assertThat(std(w.get("norm.weight"))).isCloseTo(0.02, within(0.002));
    }

    @Test
    void should_repeat_for_a_seed_and_differ_between_seeds_and_tensors() {
        Map<String, float[]> a = RandomWeights.generate(LAYOUT, 3, 0.02);
        Map<String, float[]> b = RandomWeights.generate(LAYOUT, 3, 0.02);
        Map<String, float[]> c = RandomWeights.generate(LAYOUT, 4, 0.02);

        assertThat(a.get("fc.weight")).isEqualTo(b.get("fc.weight"));
        assertThat(a.get("fc.weight")).isNotEqualTo(c.get("fc.weight"));
        // bias and the first values of the weight must not come from one stream
        float[] head = java.util.Arrays.copyOf(a.get("fc.weight"), 200);
        assertThat(head).isNotEqualTo(a.get("fc.bias"));
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v);
        double s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }
}
