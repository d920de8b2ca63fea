package io.clipvq.trainer.worlds.fashionmnist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.data.ImageFolder;
import io.clipvq.trainer.eval.EvalCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * eval --world fashion-mnist end to end on a tiny random 32 x 32 bundle (noise images), with a classifier trained for
 * one epoch into the cache: the reported class accuracy and confusion matrix are recounted from the written PNGs.
 */
class FashionEvalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROMPTS = List.of("a product shot of a coat", "a grayscale photo of a pair of trousers",
            "catalogue picture showing a bag", "a sneaker, studio photograph", "a simple image of a dress", "a boot, isolated on black");

    @TempDir
    static Path dir;
    private static Path out;
    private static Path cache;

    @BeforeAll
    static void runEval() throws IOException {
        assumeTrue(FashionMnist.isInstalled(FashionMnist.DEFAULT_DIR) && System.getenv("FASHION_MNIST_DIR") == null,
                "Fashion-MNIST is not installed; " + FashionMnist.INSTALL_HINT);
        Path bundle = dir.resolve("bundle");
        RandomBundleFactory.builder().optSeed(5).optScale(0.5).optImageSize(32).optCodeGrid(4).optCodebookSize(16)
                .optTimesteps(8).optSamplingDefaults(0.9, 1.0, 2).build().write(bundle);
        Path prompts = dir.resolve("prompts.txt");
        Files.write(prompts, PROMPTS);
        cache = dir.resolve("cache");
        FashionMnistWorld world = new FashionMnistWorld();
        try (FashionClassifier classifier = FashionClassifier.train(world.data(), new FashionClassifier.Settings(1, 256, 1e-3, 0),
                new PrintStream(OutputStream.nullOutputStream()))) {
            Path folder = Files.createDirectories(cache.resolve(FashionMnistWorld.NAME));
            classifier.save(folder.resolve(FashionMnistWorld.CLASSIFIER_FILE));
            JSON.writeValue(folder.resolve(FashionMnistWorld.CLASSIFIER_FACTS).toFile(), Map.of("testAccuracy", 0.5));
        }
        out = dir.resolve("eval");
        int exit = new CommandLine(new EvalCommand()).execute("--bundle", bundle.toString(), "--prompts", prompts.toString(),
                "--out", out.toString(), "--candidates", "2", "--threads", "1", "--world", "fashion-mnist",
                "--cache-dir", cache.toString());
        assertThat(exit).isZero();
    }

    @Test
    void should_report_class_accuracy_and_confusion_equal_to_classifying_the_written_pngs_again() throws IOException {
        JsonNode check = JSON.readTree(out.resolve("metrics.json").toFile()).get("worldCheck");
        List<float[]> images = new ArrayList<>();
        for (int p = 0; p < PROMPTS.size(); p++) {
            images.add(ImageFolder.toChw(ImageIO.read(out.resolve(String.format("images/%06d.png", p)).toFile())));
        }
        int[] read;
        try (FashionClassifier classifier = FashionClassifier.load(cache.resolve(FashionMnistWorld.NAME)
                .resolve(FashionMnistWorld.CLASSIFIER_FILE))) {
            read = classifier.read(images).classes();
        }
        int right = 0;
        int[][] confusion = new int[10][10];
        for (int p = 0; p < PROMPTS.size(); p++) {
            int asked = FashionPrompts.classOf(PROMPTS.get(p)).ordinal();
            confusion[asked][read[p]]++;
            right += asked == read[p] ? 1 : 0;
        }
        assertThat(check.get("world").asText()).isEqualTo("fashion-mnist");
        assertThat(check.get("classAccuracy").asDouble()).isCloseTo((double) right / PROMPTS.size(), within(1e-12));
        assertThat(check.get("classifierTestAccuracy").asDouble()).isEqualTo(0.5);
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                assertThat(check.get("confusionMatrix").get(a).get(b).asInt()).as("cell %d,%d", a, b).isEqualTo(confusion[a][b]);
            }
        }
        assertThat(check.get("classifierFrechet").get("images").asInt()).isEqualTo(PROMPTS.size());
        assertThat(check.get("classifierFrechet").get("generated").asDouble()).isPositive();
        assertThat(check.get("classifierFrechet").get("realSameSize").asDouble()).isPositive();
        assertThat(out.resolve(FashionImageCheck.CONFUSION_PICTURE)).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Fashion-MNIST classes", "confusion_matrix.png",
                FashionImageCheck.CLASS_PICTURE);
        assertThat(check.get("headline").get("class accuracy %").asDouble()).isCloseTo(100.0 * right / PROMPTS.size(), within(1e-9));
    }

    @Test
    void should_draw_each_classes_kept_images_in_its_own_row() throws IOException {
        BufferedImage picture = ImageIO.read(out.resolve(FashionImageCheck.CLASS_PICTURE).toFile());
        int cell = 64; // 32-pixel images enlarged 2x, 2-pixel gaps
        assertThat(picture.getWidth()).isEqualTo(8 * (cell + 2) + 2);
        assertThat(picture.getHeight()).isEqualTo(10 * (cell + 2) + 2);
        int[] column = new int[10];
        for (int p = 0; p < PROMPTS.size(); p++) {
            int row = FashionPrompts.classOf(PROMPTS.get(p)).ordinal();
            int col = column[row]++;
            if (col >= 8) {
                continue;
            }
            BufferedImage kept = ImageIO.read(out.resolve(String.format("images/%06d.png", p)).toFile());
            for (int y = 0; y < 32; y += 5) {
                for (int x = 0; x < 32; x += 5) {
                    assertThat(picture.getRGB(2 + col * (cell + 2) + 2 * x, 2 + row * (cell + 2) + 2 * y) & 0xffffff)
                            .as("prompt %d pixel %d,%d", p, x, y).isEqualTo(kept.getRGB(x, y) & 0xffffff);
                }
            }
        }
        // a class asked fewer than 8 times is padded with black
        int shortRow = java.util.stream.IntStream.range(0, 10).filter(r -> column[r] < 8).findFirst().orElseThrow();
        assertThat(picture.getRGB(2 + 7 * (cell + 2) + 10, 2 + shortRow * (cell + 2) + 10) & 0xffffff).isZero();
    }

    @Test
    void should_refuse_before_generating_a_prompt_that_names_no_class() throws IOException {
        Path prompts = dir.resolve("bad.txt");
        Files.write(prompts, List.of("a coat", "a red circle"));
        Path badOut = dir.resolve("bad-eval");
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = new CommandLine(new EvalCommand());
        cli.setErr(new java.io.PrintWriter(err));
        PrintStream originalErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        int exit;
        try {
            exit = cli.execute("--bundle", dir.resolve("bundle").toString(), "--prompts", prompts.toString(),
                    "--out", badOut.toString(), "--world", "fashion-mnist", "--cache-dir", cache.toString());
        } finally {
            System.setErr(originalErr);
        }
        assertThat(exit).isNotZero();
        assertThat(captured.toString() + err).contains("\"a red circle\" names no Fashion-MNIST class");
        assertThat(badOut.resolve("images")).doesNotExist();
    }
}
