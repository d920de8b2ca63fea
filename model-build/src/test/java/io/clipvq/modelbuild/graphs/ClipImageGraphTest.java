package io.clipvq.modelbuild.graphs;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClipImageGraphTest {
    private static final ClipImageSpec SPEC = new ClipImageSpec(12, 4, 16, 2, 4, 4, 6);

    @Test
    void should_match_the_plain_java_forward_pass() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 51, 0.5);
        int batch = 2;
        float[] pixels = OrtRunner.gaussian(new SplittableRandom(52), batch * 3 * 12 * 12, 1);

        float[] actual = new OrtRunner().floats(ClipImageGraph.INPUT_PIXELS, pixels, batch, 3, 12, 12)
                .runFloat(ClipImageGraph.build(SPEC, weights), ClipImageGraph.OUTPUT_EMBEDS);
        float[] expected = ClipReference.image(SPEC, weights, pixels, batch);

        assertThat(actual).hasSize(batch * SPEC.embedDim());
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("image_embeds[%d]", i).isCloseTo(expected[i], within(1e-4f));
        }
    }
}
