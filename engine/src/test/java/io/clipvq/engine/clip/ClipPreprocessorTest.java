package io.clipvq.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClipPreprocessorTest {

    private static final float[] MEAN = ClipPreprocessor.OPENAI_MEAN;
    private static final float[] STD = ClipPreprocessor.OPENAI_STD;

    @Test
    void should_size_like_torchvision_resize_and_center_crop() {
        // shorter side to S, longer to int(S * long / short)
        assertThat(ClipPreprocessor.resizedSize(300, 200, 224)).containsExactly(336, 224);
        assertThat(ClipPreprocessor.resizedSize(200, 300, 224)).containsExactly(224, 336);
        assertThat(ClipPreprocessor.resizedSize(480, 640, 224)).containsExactly(224, 298); // 298.67 truncated
        assertThat(ClipPreprocessor.resizedSize(32, 32, 224)).containsExactly(224, 224);
        // int(round(x / 2.0)) with Python's half-to-even rounding
        assertThat(ClipPreprocessor.cropOffset(225, 224)).isEqualTo(0);  // round(0.5) = 0
        assertThat(ClipPreprocessor.cropOffset(227, 224)).isEqualTo(2);  // round(1.5) = 2
        assertThat(ClipPreprocessor.cropOffset(229, 224)).isEqualTo(2);  // round(2.5) = 2
        assertThat(ClipPreprocessor.cropOffset(298, 224)).isEqualTo(37);
    }

    @Test
    void should_normalise_a_constant_image_to_hand_computed_values() {
        int h = 5;
        int w = 7;
        float[] image = new float[3 * h * w];
        float[] colour = {0.25f, 0.5f, 1f};
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(image, c * h * w, (c + 1) * h * w, colour[c]);
        }
        float[] out = ClipPreprocessor.builder().optImageSize(4).build().process(image, h, w);
        // (0.25 - 0.48145466) / 0.26862954 = -0.86162, (0.5 - 0.4578275) / 0.26130258 = 0.16139,
        // (1 - 0.40821073) / 0.27577711 = 2.14590
        float[] expected = {-0.8616128f, 0.1613934f, 2.1458970f};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 16; i++) {
                assertThat(out[c * 16 + i]).isCloseTo(expected[c], within(1e-5f));
            }
        }
    }

    @Test
    void should_only_normalise_an_image_already_of_size_s() {
        float[] image = {0.0f, 0.2f, 0.4f, 0.6f, 0.8f, 1.0f, 0.1f, 0.3f, 0.5f, 0.7f, 0.9f, 0.05f};
        float[] out = ClipPreprocessor.builder().optImageSize(2).build().process(image, 2, 2);
        for (int i = 0; i < 12; i++) {
            int c = i / 4;
            assertThat(out[i]).isCloseTo((image[i] - MEAN[c]) / STD[c], within(1e-6f));
        }
    }

    static Stream<JsonNode> fixture() throws IOException {
        try (InputStream stream = ClipPreprocessorTest.class.getResourceAsStream("clip_preprocess_fixture.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(stream).forEach(cases::add);
            assertThat(cases).hasSizeGreaterThan(5);
            return cases.stream();
        }
    }

    /** Fixture from engine/src/test/python/clip_preprocess_fixture.py (dense-matrix numpy reference). */
    @ParameterizedTest
    @MethodSource("fixture")
    void should_match_the_dense_numpy_reference(JsonNode fixture) {
        int h = fixture.get("height").asInt();
        int w = fixture.get("width").asInt();
        int s = fixture.get("size").asInt();
        float[] input = floats(fixture.get("input"));
        float[] expected = floats(fixture.get("expected"));
        float[] out = ClipPreprocessor.builder().optImageSize(s).build().process(input, h, w);
        assertThat(out).hasSize(3 * s * s);
        assertThat(out).as("%dx%d -> %d", h, w, s).containsExactly(expected, within(2e-5f));
    }

    @Test
    void should_write_into_a_batch_slot_and_leave_the_rest_alone() {
        ClipPreprocessor preprocessor = ClipPreprocessor.builder().optImageSize(3).build();
        float[] source = new float[2 * 3 * 4 * 4];
        for (int i = 0; i < source.length; i++) {
            source[i] = (i % 11) / 10f;
        }
        float[] target = new float[2 * 27];
        java.util.Arrays.fill(target, 42f);
        preprocessor.processInto(source, 48, 4, 4, target, 27);
        float[] alone = preprocessor.process(java.util.Arrays.copyOfRange(source, 48, 96), 4, 4);
        assertThat(java.util.Arrays.copyOfRange(target, 27, 54)).containsExactly(alone, within(0f));
        assertThat(java.util.Arrays.copyOfRange(target, 0, 27)).containsOnly(42f);
    }

    /** Same fixture: 8-bit input through Pillow's fixed-point path must give exactly the reference's levels. */
    @ParameterizedTest
    @MethodSource("fixture")
    void should_match_pillow_8_bit_arithmetic_exactly_for_buffered_images(JsonNode fixture) {
        int h = fixture.get("height").asInt();
        int w = fixture.get("width").asInt();
        int s = fixture.get("size").asInt();
        float[] levels = floats(fixture.get("levels"));
        float[] expectedLevels = floats(fixture.get("expectedLevels"));
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                image.setRGB(x, y, ((int) levels[i] << 16) | ((int) levels[plane + i] << 8) | (int) levels[2 * plane + i]);
            }
        }
        float[] out = ClipPreprocessor.builder().optImageSize(s).build().process(image);
        float[] expected = new float[expectedLevels.length];
        for (int i = 0; i < expected.length; i++) {
            int c = i / (s * s);
            expected[i] = (expectedLevels[i] / 255f - MEAN[c]) / STD[c];
        }
        assertThat(out).as("%dx%d -> %d", h, w, s).containsExactly(expected, within(0f));
    }

    @Test
    void should_refuse_bad_settings_and_bad_arrays_with_names() {
        assertThatThrownBy(() -> ClipPreprocessor.builder().optStd(new float[] {1f, 0f, 1f}))
                .hasMessageContaining("std").hasMessageContaining("positive");
        assertThatThrownBy(() -> ClipPreprocessor.builder().optMean(new float[] {1f}))
                .hasMessageContaining("mean needs 3 values");
        ClipPreprocessor preprocessor = ClipPreprocessor.builder().build();
        assertThatThrownBy(() -> preprocessor.process(new float[10], 2, 2))
                .hasMessageContaining("length 10");
        assertThatThrownBy(() -> preprocessor.processInto(new float[12], 0, 2, 2, new float[5], 0))
                .hasMessageContaining("target array of length 5");
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}
