package io.clipvq.trainer.worlds.shapes;

import io.clipvq.trainer.worlds.ClipEmbedder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShapesZeroShotTest {
    private static final List<AttributeValue> ALL_VALUES = allValues();

    @Test
    void should_score_an_embedder_that_reads_every_attribute_right_at_one() throws Exception {
        List<ShapeScene> scenes = ShapesZeroShot.scenes(60, 7);
        ShapesZeroShot.Result result = ShapesZeroShot.evaluate(new AttributeOracle(UnaryOperator.identity(), scenes), scenes, 7);

        assertThat(result.scenes()).isEqualTo(60);
        for (ShapesZeroShot.Wording wording : ShapesZeroShot.Wording.values()) {
            for (Attribute attribute : Attribute.values()) {
                assertThat(result.of(wording, attribute)).as(wording + " " + attribute).isEqualTo(1.0);
            }
        }
    }

    @Test
    void should_score_an_attribute_the_embedder_confuses_below_one_and_leave_the_others_at_one() throws Exception {
        // images: every red object is seen as blue, so red questions are answered "blue"
        UnaryOperator<AttributeValue> redAsBlue = v -> v == ObjectColour.RED ? ObjectColour.BLUE : v;
        List<ShapeScene> scenes = ShapesZeroShot.scenes(300, 8);
        long red = scenes.stream().filter(s -> s.colour() == ObjectColour.RED).count();
        ShapesZeroShot.Result result = ShapesZeroShot.evaluate(new AttributeOracle(redAsBlue, scenes), scenes, 8);

        for (ShapesZeroShot.Wording wording : ShapesZeroShot.Wording.values()) {
            assertThat(result.of(wording, Attribute.COLOUR)).isCloseTo(1.0 - (double) red / scenes.size(), within(1e-9));
            assertThat(result.of(wording, Attribute.SHAPE)).isEqualTo(1.0);
            assertThat(result.of(wording, Attribute.BACKGROUND)).isEqualTo(1.0);
        }
        assertThat(red).isPositive();
        assertThat(result.minimum()).isLessThan(1.0);
    }

    @Test
    void should_refuse_an_empty_scene_list() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ShapesZeroShot.scenes(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one scene");
    }

    /**
     * Embeds into one axis per attribute value (20): an image has a 1 on each of its values (after {@code seen}), a
     * caption on each value it names (parsed from its words), so the best caption is the one naming most values.
     */
    /** Reads each image's attributes by finding the scene whose rendering it is, then sees them through {@code seen}. */
    private record AttributeOracle(UnaryOperator<AttributeValue> seen, List<ShapeScene> scenes) implements ClipEmbedder {
        @Override
        public float[][] embedTexts(List<String> texts) {
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = unit(new ArrayList<>(PromptAttributes.parse(texts.get(i)).named().values()));
            }
            return out;
        }

        @Override
        public float[][] embedImages(List<float[]> images) {
            float[][] out = new float[images.size()][];
            for (int i = 0; i < out.length; i++) {
                float[] image = images.get(i);
                ShapeScene scene = scenes.stream().filter(s -> Arrays.equals(ShapesRenderer.render(s).toChw(), image))
                        .findFirst().orElseThrow();
                List<AttributeValue> values = new ArrayList<>();
                for (Attribute a : Attribute.values()) {
                    values.add(seen.apply(scene.value(a)));
                }
                out[i] = unit(values);
            }
            return out;
        }

        private static float[] unit(List<AttributeValue> values) {
            float[] v = new float[ALL_VALUES.size()];
            for (AttributeValue value : values) {
                v[ALL_VALUES.indexOf(value)] = 1f;
            }
            float norm = (float) Math.sqrt(values.size());
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
            return v;
        }
    }

    private static List<AttributeValue> allValues() {
        List<AttributeValue> values = new ArrayList<>();
        for (Attribute a : Attribute.values()) {
            values.addAll(List.of(ShapesZeroShot.valuesOf(a)));
        }
        return values;
    }
}
