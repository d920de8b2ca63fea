package io.clipvq.modelbuild.graphs;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaletteDecoderGraphTest {

    private static PaletteCodebook random(long seed, int imageSize, int grid, int m, int f, int g) {
        SplittableRandom random = new SplittableRandom(seed);
        int p = imageSize / grid;
        boolean[] masks = new boolean[m * p * p];
        for (int i = 0; i < masks.length; i++) {
            masks[i] = random.nextBoolean();
        }
        int[] fg = new int[f];
        int[] bg = new int[g];
        for (int i = 0; i < f; i++) {
            fg[i] = random.nextInt(1 << 24);
        }
        for (int i = 0; i < g; i++) {
            bg[i] = random.nextInt(1 << 24);
        }
        return new PaletteCodebook(imageSize, grid, masks, fg, bg);
    }

    @Test
    void should_decode_random_codes_exactly_like_the_plain_java_decoder() throws Exception {
        for (int[] c : new int[][] {{32, 4, 37, 6, 3}, {6, 2, 5, 2, 4}}) {
            PaletteCodebook book = random(c[2] * 7L, c[0], c[1], c[2], c[3], c[4]);
            int batch = 3;
            long[] codes = OrtRunner.ints(new SplittableRandom(c[0]), batch * c[1] * c[1], book.codebookSize());

            float[] actual = new OrtRunner().longs(VqDecoderGraph.INPUT_CODES, codes, batch, c[1], c[1])
                    .runFloat(PaletteDecoderGraph.build(book), VqDecoderGraph.OUTPUT_IMAGE);

            assertThat(actual).containsExactly(book.decode(codes, batch));
        }
    }

    @Test
    void should_put_mask_slowest_and_background_fastest_in_a_code() throws Exception {
        // 2x2 image, one 2x2 patch; mask 1 = only the top-left pixel
        boolean[] masks = {false, false, false, false, true, false, false, false};
        int[] fg = {0x102030, 0xDC2828};
        int[] bg = {0x0F0F0F, 0x808080, 0xF0F0F0};
        PaletteCodebook book = new PaletteCodebook(2, 1, masks, fg, bg);
        long code = (1 * 2 + 1) * 3 + 2;
        assertThat(book.code(1, 1, 2)).isEqualTo(code);
        assertThat(book.factorSizes()).containsExactly(2, 2, 3);

        float[] image = new OrtRunner().longs(VqDecoderGraph.INPUT_CODES, new long[] {code}, 1, 1, 1)
                .runFloat(PaletteDecoderGraph.build(book), VqDecoderGraph.OUTPUT_IMAGE);

        // planar [3, 2, 2]: pixel 0 is red (220, 40, 40), the others white (240)
        assertThat(image).containsExactly(220 / 255f, 240 / 255f, 240 / 255f, 240 / 255f,
                40 / 255f, 240 / 255f, 240 / 255f, 240 / 255f,
                40 / 255f, 240 / 255f, 240 / 255f, 240 / 255f);
    }

    @Test
    void should_give_each_image_one_object_colour_and_one_background_by_pixel_weighted_vote() throws Exception {
        // 2x2 image of 1-pixel cells: mask 0 empty, mask 1 full
        int[] fg = {0x0000AA, 0x0000BB};
        int[] bg = {0x0000C0, 0x0000C1, 0x0000C2};
        PaletteCodebook book = new PaletteCodebook(2, 2, new boolean[] {false, true}, fg, bg);
        long[] codes = {
                // image 0: two object cells say fg 1, one says fg 0; the only background cell says bg 2
                book.code(1, 0, 2), book.code(1, 1, 0), book.code(1, 1, 1), book.code(0, 0, 2),
                // image 1: ties (fg 1 vs fg 0, bg 1 vs bg 0) go to the lower index
                book.code(1, 1, 2), book.code(1, 0, 2), book.code(0, 1, 1), book.code(0, 0, 0)};
        float[] blue = {0xBB / 255f, 0xBB / 255f, 0xBB / 255f, 0xC2 / 255f,
                0xAA / 255f, 0xAA / 255f, 0xC0 / 255f, 0xC0 / 255f};

        float[] graph = new OrtRunner().longs(VqDecoderGraph.INPUT_CODES, codes, 2, 2, 2)
                .runFloat(PaletteDecoderGraph.build(book), VqDecoderGraph.OUTPUT_IMAGE);
        float[] java = book.decode(codes, 2);

        for (float[] image : new float[][] {graph, java}) {
            for (int b = 0; b < 2; b++) {
                for (int pixel = 0; pixel < 4; pixel++) {
                    assertThat(image[b * 12 + pixel]).as("red, image %d pixel %d", b, pixel).isZero();
                    assertThat(image[b * 12 + 8 + pixel]).as("blue, image %d pixel %d", b, pixel).isEqualTo(blue[b * 4 + pixel]);
                }
            }
        }
    }

    @Test
    void should_refuse_a_codebook_whose_masks_do_not_fill_whole_patches() {
        assertThatThrownBy(() -> new PaletteCodebook(32, 4, new boolean[65], new int[] {1}, new int[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65");
        assertThatThrownBy(() -> new PaletteCodebook(30, 4, new boolean[64], new int[] {1}, new int[] {2}))
                .hasMessageContaining("imageSize 30");
        assertThatThrownBy(() -> new PaletteCodebook(8, 1, new boolean[64], new int[] {0x1000000}, new int[] {2}))
                .hasMessageContaining("0x1000000");
    }

    @Test
    void should_refuse_a_code_outside_the_codebook_in_the_java_decoder() {
        PaletteCodebook book = random(1, 4, 2, 2, 2, 2);
        assertThatThrownBy(() -> book.decode(new long[] {0, 1, 2, 8}, 1)).hasMessageContaining("code 8");
    }
}
