package io.clipvq.trainer.worlds.fashionmnist;

import io.clipvq.trainer.worlds.ClipEmbedder;
import io.clipvq.trainer.worlds.CaptionedImage;
import io.clipvq.trainer.worlds.World;
import io.clipvq.trainer.worlds.Worlds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistWorldTest {
    private static FashionMnistWorld world;

    @BeforeAll
    static void requireData() {
        assumeTrue(FashionMnist.isInstalled(FashionMnist.DEFAULT_DIR) && System.getenv("FASHION_MNIST_DIR") == null,
                "Fashion-MNIST is not installed; " + FashionMnist.INSTALL_HINT);
        world = (FashionMnistWorld) Worlds.byName("fashion-mnist");
    }

    @Test
    void should_pair_each_captioned_image_with_a_caption_of_its_own_class() {
        List<CaptionedImage> pairs = world.captionedPairs(30_010, 4);

        assertThat(pairs).hasSize(30_010);
        for (int i : new int[] {0, 1, 17, 29_999, 30_000, 30_009}) {
            FashionMnistWorld.Pair pair = (FashionMnistWorld.Pair) pairs.get(i);
            assertThat(pair.image().index()).isEqualTo(i % 30_000);
            assertThat(FashionPrompts.classOf(pair.caption())).isEqualTo(pair.image().label());
        }
        // the repeat of an image gets a fresh caption draw
        long differing = java.util.stream.IntStream.range(0, 10)
                .filter(i -> !pairs.get(i).caption().equals(pairs.get(30_000 + i).caption())).count();
        assertThat(differing).isPositive();
        assertThat(world.captionedPairs(50, 4).get(17).caption()).isEqualTo(pairs.get(17).caption());
    }

    @Test
    void should_caption_each_image_of_an_image_only_split_with_its_own_training_label(@TempDir Path dir) throws Exception {
        Path split = dir.resolve("image-only");
        FashionSplitCommand.writeImageOnly(world.data(), 40, split);
        Path captions = dir.resolve("captions.jsonl");

        world.writePairedCaptions(split, captions, 5);

        // the labels read straight from the IDX file: image-only image N is training image 30,000 + N
        byte[] labels;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FashionMnist.DEFAULT_DIR.resolve("train-labels-idx1-ubyte.gz")))) {
            labels = in.readAllBytes();
        }
        List<String> lines = Files.readAllLines(captions);
        assertThat(lines).hasSize(40);
        ObjectMapper json = new ObjectMapper();
        for (int n = 0; n < 40; n++) {
            JsonNode line = json.readTree(lines.get(n));
            assertThat(line.get("image").asText()).isEqualTo(String.format("%06d.png", n));
            int label = labels[8 + 30_000 + n];
            assertThat(FashionPrompts.classOf(line.get("caption").asText()).ordinal()).as(lines.get(n)).isEqualTo(label);
        }
        world.writePairedCaptions(split, dir.resolve("again.jsonl"), 5);
        assertThat(Files.readAllLines(dir.resolve("again.jsonl"))).isEqualTo(lines);
    }

    @Test
    void should_refuse_to_caption_a_file_not_named_like_a_split_image(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("holiday.png"), new byte[] {1});

        assertThatThrownBy(() -> world.writePairedCaptions(dir, dir.resolve("c.jsonl"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holiday.png is not named like");
    }

    @Test
    void should_score_an_embedder_that_reads_every_class_right_at_one_and_a_confused_one_at_zero() throws Exception {
        World.ZeroShotResult right = world.zeroShot(new ClassOracle(c -> c), 200, 3);
        World.ZeroShotResult shifted = world.zeroShot(new ClassOracle(c -> (c + 1) % 10), 200, 3);

        assertThat(right.images()).isEqualTo(200);
        assertThat(right.accuracy().get("class")).isCloseTo(1.0, within(1e-12));
        assertThat(shifted.accuracy().get("class")).isCloseTo(0.0, within(1e-12));
    }

    /** Embeds a test image as the one-hot of its (possibly confused) class, a caption as the one-hot of the class it names. */
    private static final class ClassOracle implements ClipEmbedder {
        private final IntUnaryOperator seen;
        private final Map<Integer, Integer> labelByPixels = new HashMap<>();

        ClassOracle(IntUnaryOperator seen) {
            this.seen = seen;
            FashionMnist data = world.data();
            for (int i = 0; i < 200; i++) {
                labelByPixels.put(Arrays.hashCode(data.test(i).canvasChw()), data.test(i).label().ordinal());
            }
        }

        @Override
        public float[][] embedTexts(List<String> texts) {
            return texts.stream().map(t -> oneHot(FashionPrompts.classOf(t).ordinal())).toArray(float[][]::new);
        }

        @Override
        public float[][] embedImages(List<float[]> chwImages) {
            return chwImages.stream().map(chw -> oneHot(seen.applyAsInt(labelByPixels.get(Arrays.hashCode(chw)))))
                    .toArray(float[][]::new);
        }

        private static float[] oneHot(int c) {
            float[] v = new float[10];
            v[c] = 1f;
            return v;
        }
    }
}
