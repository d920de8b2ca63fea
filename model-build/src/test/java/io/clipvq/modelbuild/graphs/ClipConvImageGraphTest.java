package io.clipvq.modelbuild.graphs;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClipConvImageGraphTest {
    private static final ClipConvImageSpec SPEC = new ClipConvImageSpec(12, 4, 2, 6);

    @Test
    void should_match_the_plain_java_forward_pass() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 61, 0.5);
        int batch = 2;
        float[] pixels = OrtRunner.gaussian(new SplittableRandom(62), batch * 3 * 12 * 12, 1);

        float[] actual = new OrtRunner().floats(ClipImageGraph.INPUT_PIXELS, pixels, batch, 3, 12, 12)
                .runFloat(ClipImageGraph.build((ClipImageTowerSpec) SPEC, weights), ClipImageGraph.OUTPUT_EMBEDS);
        float[] expected = ClipReference.image((ClipImageTowerSpec) SPEC, weights, pixels, batch);

        assertThat(actual).hasSize(batch * SPEC.embedDim());
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("image_embeds[%d]", i).isCloseTo(expected[i], within(1e-4f));
        }
        // the two images differ, so do their embeddings: the comparison above is not between two constants
        assertThat(Math.abs(expected[0] - expected[SPEC.embedDim()])).isGreaterThan(1e-3f);
    }

    @Test
    void should_size_the_head_from_the_last_stage_flattened_and_averaged() {
        assertThat(SPEC.channels(2)).isEqualTo(16);
        assertThat(SPEC.gridSide()).isEqualTo(3);
        assertThat(SPEC.flatFeatures()).isEqualTo(16 * 3 * 3);
        assertThat(SPEC.headFeatures()).isEqualTo(144 + 16);
        assertThat(SPEC.layout().spec("visual.projection.weight").shape()).containsExactly(6, 160);
    }

    @Test
    void should_refuse_an_image_that_the_stages_cannot_halve_evenly() {
        assertThatThrownBy(() -> new ClipConvImageSpec(12, 4, 3, 6)).hasMessageContaining("imageSize");
    }
}
