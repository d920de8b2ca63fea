package io.clipvq.modelbuild.graphs;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VqGanGraphTest {
    // 2x3 codes, f = 4: 8x12 images, two stages of up/down sampling
    private static final VqGanSpec SPEC = new VqGanSpec(9, 5, 2, 3, 4, 6);
    private static final int BATCH = 2;

    @Test
    void should_decode_like_the_plain_java_decoder() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 61, 0.5);
        long[] codes = OrtRunner.ints(new SplittableRandom(62), BATCH * 6, SPEC.codebookSize());

        float[] actual = new OrtRunner().longs(VqDecoderGraph.INPUT_CODES, codes, BATCH, 2, 3)
                .runFloat(VqDecoderGraph.build(SPEC, weights), VqDecoderGraph.OUTPUT_IMAGE);
        float[] expected = VqGanReference.decode(SPEC, weights, codes, BATCH);

        assertThat(actual).hasSize(BATCH * 3 * 8 * 12);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("image[%d]", i).isCloseTo(expected[i], within(1e-4f)).isBetween(0f, 1f);
        }
    }

    @Test
    void should_encode_like_the_plain_java_encoder() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 71, 0.5);
        SplittableRandom random = new SplittableRandom(72);
        float[] image = new float[BATCH * 3 * 8 * 12];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextDouble();
        }

        long[] actual = new OrtRunner().floats(VqEncoderGraph.INPUT_IMAGE, image, BATCH, 3, 8, 12)
                .runLong(VqEncoderGraph.build(SPEC, weights), VqEncoderGraph.OUTPUT_CODES);
        long[] expected = VqGanReference.encode(SPEC, weights, image, BATCH);

        assertThat(actual).containsExactly(expected);
        // random weights must still spread codes, or this comparison would be weak
        assertThat(java.util.Arrays.stream(expected).distinct().count()).isGreaterThan(1);
    }

    @Test
    void should_work_without_sampling_stages_when_the_factor_is_one() throws Exception {
        VqGanSpec flat = new VqGanSpec(4, 3, 3, 3, 1, 4);
        Map<String, float[]> weights = RandomWeights.generate(flat.layout(), 81, 0.5);
        long[] codes = {0, 1, 2, 3, 0, 1, 2, 3, 3};

        float[] actual = new OrtRunner().longs(VqDecoderGraph.INPUT_CODES, codes, 1, 3, 3)
                .runFloat(VqDecoderGraph.build(flat, weights), VqDecoderGraph.OUTPUT_IMAGE);
        float[] expected = VqGanReference.decode(flat, weights, codes, 1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-4f));
        }
    }
}
