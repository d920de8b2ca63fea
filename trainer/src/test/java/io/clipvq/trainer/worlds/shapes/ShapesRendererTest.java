package io.clipvq.trainer.worlds.shapes;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShapesRendererTest {

    private static final int WHITE = 0xF0F0F0;
    private static final int RED = 0xDC2828;

    @Test
    void should_draw_square_of_side_8_at_center_as_8_by_8_pixels() {
        // half = 4, bounds [12, 20]; pixel centres x + 0.5 in [12, 20] -> x = 12..19 (11.5 and 20.5 fall outside).
        assertThat(pixelsOf(scene(ShapeKind.SQUARE, 8, 16, 16))).isEqualTo(rectangle(12, 19, 12, 19));
    }

    @Test
    void should_draw_square_of_side_7_like_side_8() {
        // half = 3.5, bounds [12.5, 19.5]; both edges are pixel centres and are included -> x = 12..19 again.
        assertThat(pixelsOf(scene(ShapeKind.SQUARE, 7, 16, 16))).isEqualTo(rectangle(12, 19, 12, 19));
    }

    @Test
    void should_draw_square_of_side_9_off_centre_as_10_by_10_pixels() {
        // cx = 15, cy = 17, half = 4.5: x + 0.5 in [10.5, 19.5] -> x = 10..19; y + 0.5 in [12.5, 21.5] -> y = 12..21.
        assertThat(pixelsOf(scene(ShapeKind.SQUARE, 9, 15, 17))).isEqualTo(rectangle(10, 19, 12, 21));
    }

    @Test
    void should_draw_circle_of_side_8_with_rows_4_6_8_8_8_8_6_4() {
        // r = 4, r^2 = 16; centre offsets are +-0.5, +-1.5, +-2.5, +-3.5.
        // |dy| = 3.5: dx^2 <= 3.75 -> |dx| <= 1.5 (4 px); |dy| = 2.5: dx^2 <= 9.75 -> |dx| <= 2.5 (6 px);
        // |dy| = 1.5: dx^2 <= 13.75 -> |dx| <= 3.5 (8 px); |dy| = 0.5: dx^2 <= 15.75 -> 8 px. Total 52.
        Set<Integer> expected = new HashSet<>();
        expected.addAll(rectangle(14, 17, 12, 12));
        expected.addAll(rectangle(13, 18, 13, 13));
        expected.addAll(rectangle(12, 19, 14, 17));
        expected.addAll(rectangle(13, 18, 18, 18));
        expected.addAll(rectangle(14, 17, 19, 19));
        assertThat(pixelsOf(scene(ShapeKind.CIRCLE, 8, 16, 16))).hasSize(52).isEqualTo(expected);
    }

    @Test
    void should_draw_triangle_of_side_8_apex_up_with_an_empty_top_row() {
        // top = 12, condition 2|dx| <= py - 12. py = 12.5: |dx| <= 0.25 -> none; 13.5: <= 0.75 -> 2 px;
        // 14.5: <= 1.25 -> 2; 15.5: <= 1.75 -> 4; 16.5: <= 2.25 -> 4; 17.5: <= 2.75 -> 6; 18.5: <= 3.25 -> 6;
        // 19.5: <= 3.75 -> 8. Total 32; base row y = 19 spans the whole square x = 12..19.
        Set<Integer> expected = new HashSet<>();
        expected.addAll(rectangle(15, 16, 13, 14));
        expected.addAll(rectangle(14, 17, 15, 16));
        expected.addAll(rectangle(13, 18, 17, 18));
        expected.addAll(rectangle(12, 19, 19, 19));
        assertThat(pixelsOf(scene(ShapeKind.TRIANGLE, 8, 16, 16))).hasSize(32).isEqualTo(expected);
    }

    @Test
    void should_draw_cross_of_side_8_with_arm_width_3_covering_4_columns() {
        // w = round(8 / 3) = 3, |dx| <= 1.5 -> offsets +-0.5, +-1.5 -> x = 14..17; inside the square 12..19.
        // 4 x 8 + 8 x 4 - 4 x 4 = 48 pixels.
        Set<Integer> expected = new HashSet<>();
        expected.addAll(rectangle(14, 17, 12, 19));
        expected.addAll(rectangle(12, 19, 14, 17));
        assertThat(pixelsOf(scene(ShapeKind.CROSS, 8, 16, 16))).hasSize(48).isEqualTo(expected);
    }

    @Test
    void should_draw_large_crosses_with_arm_widths_5_and_4() {
        // s = 14: w = round(4.67) = 5, |dx| <= 2.5 -> 6 columns x = 13..18; square x = 9..22. 6*14*2 - 36 = 132.
        Set<Integer> large = new HashSet<>();
        large.addAll(rectangle(13, 18, 9, 22));
        large.addAll(rectangle(9, 22, 13, 18));
        assertThat(pixelsOf(scene(ShapeKind.CROSS, 14, 16, 16))).hasSize(132).isEqualTo(large);
        // s = 13: w = round(4.33) = 4, |dx| <= 2 -> 4 columns x = 14..17; half 6.5 -> square x = 9..22. 96 pixels.
        Set<Integer> smaller = new HashSet<>();
        smaller.addAll(rectangle(14, 17, 9, 22));
        smaller.addAll(rectangle(9, 22, 14, 17));
        assertThat(pixelsOf(scene(ShapeKind.CROSS, 13, 16, 16))).hasSize(96).isEqualTo(smaller);
        assertThat(ShapeGeometry.crossArmWidth(7)).isEqualTo(2);
        assertThat(ShapeGeometry.crossArmWidth(9)).isEqualTo(3);
        assertThat(ShapeGeometry.crossArmWidth(15)).isEqualTo(5);
    }

    @Test
    void should_clip_a_large_left_object_at_the_canvas_edge() {
        // cx = 7, s = 15: bounds [-0.5, 14.5] -> x = 0..14 (15 columns: the left edge centre -0.5 is off canvas);
        // cy = 16: bounds [8.5, 23.5] -> y = 8..23 (16 rows: both edges are pixel centres).
        ShapeScene scene = new ShapeScene(ShapeKind.SQUARE, ObjectColour.RED, SizeClass.LARGE, Placement.LEFT,
                Background.WHITE, 15, 7, 16);
        assertThat(pixelsOf(scene)).hasSize(240).isEqualTo(rectangle(0, 14, 8, 23));
    }

    @Test
    void should_use_the_exact_palette_of_shapes_md() {
        assertThat(ObjectColour.RED.rgb()).isEqualTo(new Rgb(220, 40, 40));
        assertThat(ObjectColour.GREEN.rgb()).isEqualTo(new Rgb(40, 180, 60));
        assertThat(ObjectColour.BLUE.rgb()).isEqualTo(new Rgb(50, 90, 230));
        assertThat(ObjectColour.YELLOW.rgb()).isEqualTo(new Rgb(240, 210, 40));
        assertThat(ObjectColour.PURPLE.rgb()).isEqualTo(new Rgb(150, 60, 200));
        assertThat(ObjectColour.ORANGE.rgb()).isEqualTo(new Rgb(245, 140, 30));
        assertThat(Background.BLACK.rgb()).isEqualTo(new Rgb(15, 15, 15));
        assertThat(Background.GRAY.rgb()).isEqualTo(new Rgb(128, 128, 128));
        assertThat(Background.WHITE.rgb()).isEqualTo(new Rgb(240, 240, 240));
        for (ObjectColour colour : ObjectColour.values()) {
            for (Background background : Background.values()) {
                ShapesImage image = ShapesRenderer.render(ShapeScene.nominal(ShapeKind.SQUARE, colour, SizeClass.SMALL,
                        Placement.CENTER, background));
                Set<Integer> colours = new HashSet<>();
                for (int value : image.packed()) {
                    colours.add(value);
                }
                assertThat(colours).containsExactlyInAnyOrder(colour.rgb().packed(), background.rgb().packed());
                assertThat(image.pixel(16, 16)).isEqualTo(colour.rgb().packed());
                assertThat(image.pixel(0, 0)).isEqualTo(background.rgb().packed());
            }
        }
    }

    @Test
    void should_round_trip_pixels_through_planar_floats_and_png() {
        ShapesImage image = ShapesRenderer.render(new ShapeScene(ShapeKind.CIRCLE, ObjectColour.ORANGE, SizeClass.LARGE,
                Placement.RIGHT, Background.GRAY, 13, 25, 15));
        assertThat(ShapesImage.fromChw(image.toChw())).isEqualTo(image);
        assertThat(ShapesImage.fromPng(image.toPng())).isEqualTo(image);
        assertThat(image.toPng()).isEqualTo(image.toPng());
    }

    @Test
    void should_jitter_side_and_centre_by_at_most_one_and_use_every_offset() {
        SplittableRandom random = new SplittableRandom(7);
        Set<Integer> sideOffsets = new HashSet<>();
        Set<Integer> centreOffsets = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ShapeScene scene = ShapeScene.random(random);
            int sideOffset = scene.side() - scene.size().nominalSide();
            sideOffsets.add(sideOffset);
            centreOffsets.add(scene.centreX() - scene.position().centreX());
            centreOffsets.add(scene.centreY() - scene.position().centreY());
            assertThat(scene.side()).isBetween(scene.size() == SizeClass.SMALL ? 7 : 13,
                    scene.size() == SizeClass.SMALL ? 9 : 15);
        }
        assertThat(sideOffsets).containsExactlyInAnyOrder(-1, 0, 1);
        assertThat(centreOffsets).containsExactlyInAnyOrder(-1, 0, 1);
    }

    @Test
    void should_refuse_a_side_or_centre_outside_the_jitter() {
        assertThatThrownBy(() -> new ShapeScene(ShapeKind.SQUARE, ObjectColour.RED, SizeClass.SMALL, Placement.CENTER,
                Background.BLACK, 10, 16, 16)).hasMessageContaining("side 10").hasMessageContaining("small");
        assertThatThrownBy(() -> new ShapeScene(ShapeKind.SQUARE, ObjectColour.RED, SizeClass.SMALL, Placement.TOP,
                Background.BLACK, 8, 16, 10)).hasMessageContaining("(16, 10)").hasMessageContaining("top");
    }

    @Test
    void should_refuse_an_image_of_the_wrong_size() {
        assertThatThrownBy(() -> ShapesImage.fromChw(new float[12])).hasMessageContaining("3072");
    }

    private static ShapeScene scene(ShapeKind shape, int side, int cx, int cy) {
        SizeClass size = side <= 9 ? SizeClass.SMALL : SizeClass.LARGE;
        Placement position = Placement.CENTER.allowsCentre(cx, cy) ? Placement.CENTER : null;
        return new ShapeScene(shape, ObjectColour.RED, size, position, Background.WHITE, side, cx, cy);
    }

    /** Indices y * 32 + x of the red pixels; also checks every other pixel is the white background. */
    private static Set<Integer> pixelsOf(ShapeScene scene) {
        ShapesImage image = ShapesRenderer.render(scene);
        Set<Integer> red = new HashSet<>();
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int value = image.pixel(x, y);
                if (value == RED) {
                    red.add(y * 32 + x);
                } else {
                    assertThat(value).isEqualTo(WHITE);
                }
            }
        }
        return red;
    }

    private static Set<Integer> rectangle(int x0, int x1, int y0, int y1) {
        Set<Integer> set = new HashSet<>();
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                set.add(y * 32 + x);
            }
        }
        return set;
    }
}
