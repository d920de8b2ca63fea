package io.clipvq.trainer.tokenizer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.graphs.PaletteCodebook;
import io.clipvq.trainer.worlds.shapes.Attribute;
import io.clipvq.trainer.worlds.shapes.ObjectColour;
import io.clipvq.trainer.worlds.shapes.ShapeKind;
import io.clipvq.trainer.worlds.shapes.ShapeScene;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import io.clipvq.trainer.worlds.shapes.ShapesImage;
import io.clipvq.trainer.worlds.shapes.ShapesRenderer;
import io.clipvq.trainer.worlds.shapes.pipeline.TokenizerCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaletteTokenizerTest {
    private static List<float[]> training;
    private static PaletteTokenizer tokenizer;

    @BeforeAll
    static void build() {
        training = ShapesDataset.planarImages(ShapesDataset.builder().optSeed(11).build().imageOnly(3000));
        tokenizer = PaletteTokenizer.build(training, 32, 4);
    }

    @Test
    void should_learn_the_world_palette_from_the_images() {
        PaletteCodebook book = tokenizer.codebook();
        // docs/worlds.md#shapes-colours: 3 backgrounds and 6 object colours, sorted by 0xRRGGBB
        assertThat(book.background()).containsExactly(0x0F0F0F, 0x808080, 0xF0F0F0);
        assertThat(book.foreground()).containsExactly(0x28B43C, 0x325AE6, 0x963CC8, 0xDC2828, 0xF0D228, 0xF58C1E);
        assertThat(book.patchSize()).isEqualTo(8);
        int[] factors = tokenizer.factorSizes();
        assertThat(factors).hasSize(3);
        assertThat(factors[1]).isEqualTo(6);
        assertThat(factors[2]).isEqualTo(3);
        assertThat(tokenizer.codebookSize()).isEqualTo(factors[0] * 6 * 3);
        // the empty mask sorts first
        assertThat(Arrays.copyOf(book.masks(), 64)).containsOnly(false);
    }

    @Test
    void should_reproduce_its_training_images_and_held_out_scenes_exactly() {
        Reconstruction own = Reconstruction.measure(tokenizer, training.subList(0, 500));
        assertThat(own.exactImages()).isEqualTo(1.0);

        // held-out scenes include the left-out compositions (purple triangles, orange crosses)
        List<ShapeScene> heldOut = ShapesDataset.builder().optSeed(12).build().captioned(400).stream()
                .map(ShapesDataset.CaptionedScene::scene).toList();
        TokenizerCheck.Result check = TokenizerCheck.measure(tokenizer, heldOut);
        for (Attribute a : Attribute.values()) {
            assertThat(check.agreement().get(a)).as(a.label()).isEqualTo(1.0);
        }
        assertThat(check.exactPixels()).isGreaterThan(0.999);
    }

    @Test
    void should_pack_codes_mask_slowest_and_background_fastest() {
        ShapeScene scene = ShapesDataset.builder().optSeed(13).build().imageOnly(1).get(0);
        ShapesImage image = ShapesRenderer.render(scene);
        long[] codes = tokenizer.encode(image.toChw(), 1);
        PaletteCodebook book = tokenizer.codebook();
        int[] rgb = image.packed();
        int bg = Arrays.binarySearch(book.background(), rgb[0]); // a corner is background in every Shapes scene
        int fg = -1;
        for (int p : rgb) {
            if (p != rgb[0]) {
                fg = Arrays.binarySearch(book.foreground(), p);
            }
        }
        assertThat(bg).isNotNegative();
        assertThat(fg).isNotNegative();
        int g = book.background().length;
        int f = book.foreground().length;
        for (long code : codes) {
            assertThat(code % g).isEqualTo(bg);
            assertThat(code / g % f).isEqualTo(fg);
        }
        // the top-left patch (corner) is plain background: mask 0
        assertThat(codes[0] / (f * g)).isZero();
    }

    @Test
    void should_give_the_same_tokenizer_for_the_same_images_in_any_order() {
        List<float[]> shuffled = new ArrayList<>(training.subList(0, 800));
        PaletteTokenizer a = PaletteTokenizer.build(shuffled, 32, 4);
        Collections.shuffle(shuffled, new Random(5));
        PaletteTokenizer b = PaletteTokenizer.build(shuffled, 32, 4);
        assertThat(b.codebook()).isEqualTo(a.codebook());
    }

    @Test
    void should_map_an_unknown_mask_to_the_nearest_by_hamming_distance_and_an_unknown_colour_to_the_nearest() {
        // one 4x4 patch; masks: empty, left column, top row
        boolean[] masks = new boolean[3 * 16];
        for (int y = 0; y < 4; y++) {
            masks[16 + y * 4] = true;
        }
        for (int x = 0; x < 4; x++) {
            masks[32 + x] = true;
        }
        PaletteTokenizer small = new PaletteTokenizer(new PaletteCodebook(4, 1, masks, new int[] {0xDC2828, 0x325AE6},
                new int[] {0x0F0F0F, 0xF0F0F0}));
        // left column plus pixel (1, 1): Hamming 1 from the left column, 5 from the empty mask, 7 from the top row;
        // object (200, 30, 30) is nearest red, background (230, 230, 230) nearest white
        int[] rgb = new int[16];
        Arrays.fill(rgb, 0xE6E6E6);
        for (int y = 0; y < 4; y++) {
            rgb[y * 4] = 0xC81E1E;
        }
        rgb[4 + 1] = 0xC81E1E;
        long[] code = small.encode(planar(rgb), 1);
        assertThat(code).containsExactly(small.codebook().code(1, 0, 1));
    }

    @Test
    void should_decode_through_its_onnx_file_exactly_like_java() throws Exception {
        List<ShapeScene> scenes = ShapesDataset.builder().optSeed(14).build().imageOnly(8);
        float[] input = new float[8 * 3 * 1024];
        for (int i = 0; i < 8; i++) {
            System.arraycopy(ShapesRenderer.render(scenes.get(i)).toChw(), 0, input, i * 3 * 1024, 3 * 1024);
        }
        long[] codes = tokenizer.encode(input, 8);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(tokenizer.export().decoderOnnx(), new OrtSession.SessionOptions());
             OnnxTensor tensor = OnnxTensor.createTensor(env, LongBuffer.wrap(codes), new long[] {8, 4, 4});
             OrtSession.Result result = session.run(Map.of(BundleSignatures.VQ_DECODER_CODES, tensor))) {
            float[] image = new float[input.length];
            ((OnnxTensor) result.get(BundleSignatures.VQ_DECODER_IMAGE).orElseThrow()).getFloatBuffer().get(image);
            assertThat(image).containsExactly(tokenizer.decode(codes, 8));
            for (int i = 0; i < 8; i++) {
                assertThat(ShapesImage.fromChw(Arrays.copyOfRange(image, i * 3 * 1024, (i + 1) * 3 * 1024)))
                        .isEqualTo(ShapesRenderer.render(scenes.get(i)));
            }
        }
        assertThat(tokenizer.export().encoder()).isEmpty();
    }

    @Test
    void should_save_and_load_the_same_tokenizer(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("palette.bin");
        tokenizer.save(file);
        assertThat(PaletteTokenizer.load(file).codebook()).isEqualTo(tokenizer.codebook());
        assertThat(Files.size(file)).isLessThan(64_000);
    }

    @Test
    void should_refuse_bad_files_naming_the_file_and_the_problem(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("palette.bin");
        tokenizer.save(good);
        byte[] bytes = Files.readAllBytes(good);

        Path missing = dir.resolve("none.bin");
        assertThatThrownBy(() -> PaletteTokenizer.load(missing)).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");

        Path notPalette = dir.resolve("not.bin");
        Files.writeString(notPalette, "hello, this is not a palette file at all");
        assertThatThrownBy(() -> PaletteTokenizer.load(notPalette)).isInstanceOf(IOException.class)
                .hasMessageContaining(notPalette.toString()).hasMessageContaining("not a palette tokenizer file");

        Path truncated = dir.resolve("truncated.bin");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> PaletteTokenizer.load(truncated)).hasMessageContaining(truncated.toString())
                .hasMessageContaining("bytes");

        Path shortHeader = dir.resolve("short.bin");
        Files.write(shortHeader, Arrays.copyOf(bytes, 20));
        assertThatThrownBy(() -> PaletteTokenizer.load(shortHeader)).hasMessageContaining("truncated");

        Path badGrid = dir.resolve("grid.bin");
        byte[] grid = bytes.clone();
        grid[14 + 4 + 4 + 3] = 5; // grid 5 does not divide 32
        Files.write(badGrid, grid);
        assertThatThrownBy(() -> PaletteTokenizer.load(badGrid)).hasMessageContaining("grid 5");

        Path badColour = dir.resolve("colour.bin");
        byte[] colour = bytes.clone();
        colour[14 + 6 * 4] = 1; // first foreground colour gets a byte above 0xRRGGBB
        Files.write(badColour, colour);
        assertThatThrownBy(() -> PaletteTokenizer.load(badColour)).hasMessageContaining(badColour.toString())
                .hasMessageContaining("foreground colour");
    }

    @Test
    void should_refuse_to_build_from_single_colour_images_only() {
        float[] plain = planar(new int[16]);
        assertThatThrownBy(() -> PaletteTokenizer.build(List.of(plain), 4, 1)).hasMessageContaining("single colour");
    }

    @Test
    void should_keep_the_left_out_compositions_out_of_nothing_but_the_images() {
        // the tokenizer never sees purple triangles, yet encodes one exactly from purple + triangle parts
        ShapeScene purpleTriangle = ShapesDataset.builder().optSeed(15).build().captioned(2000).stream()
                .map(ShapesDataset.CaptionedScene::scene)
                .filter(s -> s.colour() == ObjectColour.PURPLE && s.shape() == ShapeKind.TRIANGLE)
                .findFirst().orElseThrow();
        ShapesImage image = ShapesRenderer.render(purpleTriangle);
        long[] codes = tokenizer.encode(image.toChw(), 1);
        assertThat(ShapesImage.fromChw(tokenizer.decode(codes, 1))).isEqualTo(image);
    }

    private static float[] planar(int[] rgb) {
        int n = rgb.length;
        float[] chw = new float[3 * n];
        for (int i = 0; i < n; i++) {
            chw[i] = (rgb[i] >> 16 & 0xFF) / 255f;
            chw[n + i] = (rgb[i] >> 8 & 0xFF) / 255f;
            chw[2 * n + i] = (rgb[i] & 0xFF) / 255f;
        }
        return chw;
    }
}
