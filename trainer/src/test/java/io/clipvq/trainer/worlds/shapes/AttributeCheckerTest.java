package io.clipvq.trainer.worlds.shapes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class AttributeCheckerTest {

    private final AttributeChecker checker = AttributeChecker.builder().build();

    @Test
    void should_recover_every_attribute_of_every_composition_with_jitter() {
        SplittableRandom random = new SplittableRandom(1);
        for (ShapeScene scene : everyComposition(random)) {
            assertRecovered(scene, ShapesRenderer.render(scene));
        }
    }

    @Test
    void should_recover_the_geometry_at_every_jitter_of_side_and_centre() {
        // colour and background do not change the geometry, so they cycle while shape, size, position and all
        // 27 jitters (side, cx, cy) are covered exhaustively
        int variant = 0;
        for (ShapeKind shape : ShapeKind.values()) {
            for (SizeClass size : SizeClass.values()) {
                for (Placement position : Placement.values()) {
                    for (int ds = -1; ds <= 1; ds++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            for (int dy = -1; dy <= 1; dy++) {
                                ObjectColour colour = ObjectColour.values()[variant % 6];
                                Background background = Background.values()[variant++ % 3];
                                ShapeScene scene = new ShapeScene(shape, colour, size, position, background,
                                        size.nominalSide() + ds, position.centreX() + dx, position.centreY() + dy);
                                CheckedAttributes checked = checker.check(ShapesRenderer.render(scene));
                                assertThat(checked.found()).as("%s", scene).isEqualTo(PromptAttributes.of(scene).named());
                                assertThat(checked.shapeIou()).as("%s", scene).isEqualTo(1.0);
                                assertThat(checked.fittedX()).as("%s", scene).isEqualTo(scene.centreX());
                                assertThat(checked.fittedY()).as("%s", scene).isEqualTo(scene.centreY());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void should_still_recover_every_attribute_with_a_few_flipped_pixels() {
        SplittableRandom random = new SplittableRandom(2);
        for (ShapeScene scene : everyComposition(random)) {
            int[] rgb = ShapesRenderer.render(scene).packed();
            int[] palette = paletteColours();
            for (int flip = 0; flip < 3; flip++) {
                rgb[random.nextInt(rgb.length)] = palette[random.nextInt(palette.length)];
            }
            assertRecovered(scene, ShapesImage.ofPacked(rgb));
        }
    }

    @Test
    void should_still_recover_every_attribute_under_colour_noise() {
        // +-20 per channel: the closest palette pair (yellow, orange) is 71 apart, so no pixel changes its nearest
        // palette colour; the test checks the checker uses nearest colours rather than exact values.
        SplittableRandom random = new SplittableRandom(3);
        for (ShapeScene scene : everyComposition(random)) {
            int[] rgb = ShapesRenderer.render(scene).packed();
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = noisy(rgb[i], random);
            }
            assertRecovered(scene, ShapesImage.ofPacked(rgb));
        }
    }

    @Test
    void should_report_no_object_on_a_blank_image_or_scattered_specks() {
        for (Background background : Background.values()) {
            int[] rgb = new int[ShapesImage.PIXELS];
            Arrays.fill(rgb, background.rgb().packed());
            CheckedAttributes blank = checker.check(ShapesImage.ofPacked(rgb));
            assertThat(blank.objectFound()).isFalse();
            assertThat(blank.found()).isEqualTo(Map.of(Attribute.BACKGROUND, background));
            assertThat(blank.objectPixels()).isZero();
            rgb[3 * 32 + 3] = ObjectColour.RED.rgb().packed();
            rgb[20 * 32 + 12] = ObjectColour.BLUE.rgb().packed();
            rgb[28 * 32 + 27] = ObjectColour.GREEN.rgb().packed();
            assertThat(checker.check(ShapesImage.ofPacked(rgb)).objectFound()).isFalse();
        }
    }

    @Test
    void should_score_a_wrong_image_as_disagreeing_with_the_prompt() {
        ShapeScene scene = ShapeScene.nominal(ShapeKind.TRIANGLE, ObjectColour.PURPLE, SizeClass.SMALL, Placement.TOP,
                Background.WHITE);
        CheckedAttributes checked = checker.check(ShapesRenderer.render(scene));
        PromptAttributes prompt = PromptAttributes.parse("a big purple cross at the top");
        assertThat(checked.agreesWith(prompt, Attribute.COLOUR)).isTrue();
        assertThat(checked.agreesWith(prompt, Attribute.POSITION)).isTrue();
        assertThat(checked.agreesWith(prompt, Attribute.SHAPE)).isFalse();
        assertThat(checked.agreesWith(prompt, Attribute.SIZE)).isFalse();
    }

    @Test
    void should_keep_the_smallest_object_well_above_the_no_object_threshold() {
        int smallest = Integer.MAX_VALUE;
        for (ShapeKind shape : ShapeKind.values()) {
            for (int side = 7; side <= 9; side++) {
                ShapeScene scene = new ShapeScene(shape, ObjectColour.RED, SizeClass.SMALL, Placement.CENTER,
                        Background.BLACK, side, 16, 16);
                int count = 0;
                for (boolean inside : ShapesRenderer.objectMask(scene)) {
                    count += inside ? 1 : 0;
                }
                smallest = Math.min(smallest, count);
            }
        }
        // cross s = 7: w = 2 -> two columns of 8 plus two rows of 8, minus the 2 x 2 overlap = 28
        assertThat(smallest).isEqualTo(28);
    }

    private void assertRecovered(ShapeScene scene, ShapesImage image) {
        CheckedAttributes checked = checker.check(image);
        assertThat(checked.found()).as("%s", scene).isEqualTo(PromptAttributes.of(scene).named());
    }

    /** All 720 compositions of the five attributes, each with random jitter. */
    private static List<ShapeScene> everyComposition(SplittableRandom random) {
        List<ShapeScene> scenes = new ArrayList<>();
        for (ShapeKind shape : ShapeKind.values()) {
            for (ObjectColour colour : ObjectColour.values()) {
                for (SizeClass size : SizeClass.values()) {
                    for (Placement position : Placement.values()) {
                        for (Background background : Background.values()) {
                            scenes.add(ShapeScene.jittered(shape, colour, size, position, background, random));
                        }
                    }
                }
            }
        }
        return scenes;
    }

    private static int[] paletteColours() {
        int[] palette = new int[9];
        for (int i = 0; i < 3; i++) {
            palette[i] = Background.values()[i].rgb().packed();
        }
        for (int i = 0; i < 6; i++) {
            palette[3 + i] = ObjectColour.values()[i].rgb().packed();
        }
        return palette;
    }

    private static int noisy(int packed, SplittableRandom random) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int channel = (packed >>> shift) & 0xFF;
            channel = Math.max(0, Math.min(255, channel + random.nextInt(-20, 21)));
            out |= channel << shift;
        }
        return out;
    }
}
