package io.clipvq.trainer.ownmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.trainer.cli.TrainerCli;
import io.clipvq.trainer.clipimport.ClipImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * build-bundle end to end on a small folder: 48 drawn 40 x 40 pictures of coloured shapes and the committed Shapes
 * bundle's CLIP imported with import-clip; short training, a two-prompt eval; then a resumed run that repeats only
 * what was undone.
 */
class BuildBundleIT {
    private static final Path SHAPES_BUNDLE = Path.of("..", "models", "shapes");

    @TempDir
    Path dir;

    @Test
    void should_build_a_servable_bundle_from_an_image_folder_and_resume_after_an_interruption() throws Exception {
        Path images = drawImages(dir.resolve("My Shapes"), 48);
        Path clip = dir.resolve("clip");
        ClipImporter.run(new ClipImporter.Request(SHAPES_BUNDLE.resolve("clip_text.onnx"),
                SHAPES_BUNDLE.resolve("clip_image.onnx"), ClipImporter.TextNames.COMMON,
                ClipImporter.ImageNames.COMMON, new ClipImporter.Tokenizer(null, null, null), null,
                BundleManifest.ClipPreprocessing.openAi(0), clip), new PrintStream(new ByteArrayOutputStream()));
        Path prompts = Files.writeString(dir.resolve("prompts.txt"), "a red circle\na blue square on the left\n");
        Path out = dir.resolve("bundle");
        Path work = dir.resolve("work");

        StringWriter err = new StringWriter();
        int exit = buildBundle(err, "--images", images.toString(), "--clip", clip.toString(), "--out", out.toString(),
                "--work-dir", work.toString(), "--prompts", prompts.toString(), "--vqgan-steps", "10",
                "--diffusion-steps", "10", "--layers", "1", "--width", "32", "--heads", "2", "--timesteps", "10",
                "--diffusion-batch-size", "8", "--vqgan-batch-size", "8", "--candidates", "2", "--threads", "1");

        assertThat(exit).as("stderr: %s", err).isZero();
        BundleManifest manifest = BundleLoader.load(out).manifest();
        assertThat(manifest.name()).isEqualTo("my-shapes");
        assertThat(manifest.imageSize()).as("the largest of 16, 32, ... not above 40").isEqualTo(32);
        assertThat(manifest.codeGrid().height()).isEqualTo(8);
        assertThat(manifest.codebookSize()).isEqualTo(128);
        assertThat(manifest.clipDim()).isEqualTo(BundleLoader.load(SHAPES_BUNDLE).manifest().clipDim());
        assertThat(out.resolve("eval").resolve("metrics.json")).isRegularFile();
        JsonNode record = new ObjectMapper().readTree(work.resolve(BuildBundleCommand.RECORD).toFile());
        assertThat(record.path("plan").path("images").asInt()).isEqualTo(48);
        assertThat(record.path("estimates").path("train-vqgan").asText()).startsWith("10 steps, about ");
        assertThat(record.path("estimates").path("train-diffusion").asText()).contains("s a step");
        assertThat(work.resolve("estimate-train-vqgan")).doesNotExist();

        // an interrupted run: the export and eval never happened; a new run repeats only those
        deleteTree(out);
        Files.delete(work.resolve(BuildBundleCommand.STAGES).resolve("export.done"));
        Files.delete(work.resolve(BuildBundleCommand.STAGES).resolve("eval.done"));
        StringWriter again = new StringWriter();
        assertThat(buildBundle(again, "--images", images.toString(), "--clip", clip.toString(), "--out",
                out.toString(), "--work-dir", work.toString(), "--vqgan-steps", "10", "--diffusion-steps", "10",
                "--layers", "1", "--width", "32", "--heads", "2", "--timesteps", "10", "--diffusion-batch-size", "8",
                "--vqgan-batch-size", "8", "--candidates", "2")).as("stderr: %s", again).isZero();
        assertThat(BundleLoader.load(out).manifest().name()).isEqualTo("my-shapes");
        assertThat(readRecordStages(work)).containsOnlyKeys("export");
    }

    private static int buildBundle(StringWriter err, String... args) {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            return TrainerCli.commandLine().setErr(new PrintWriter(err, true))
                    .execute(prepend("build-bundle", args));
        } finally {
            System.setErr(before);
            err.write(captured.toString());
        }
    }

    private static java.util.Map<String, Object> readRecordStages(Path work) throws IOException {
        JsonNode stages = new ObjectMapper().readTree(work.resolve(BuildBundleCommand.RECORD).toFile())
                .path("stageSeconds");
        java.util.Map<String, Object> names = new java.util.LinkedHashMap<>();
        stages.fieldNames().forEachRemaining(name -> names.put(name, stages.get(name)));
        return names;
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** Coloured circles and squares on light backgrounds, 40 x 40, as PNG. */
    private static Path drawImages(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(3);
        Color[] colours = {Color.RED, Color.BLUE, Color.GREEN, Color.ORANGE};
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(random.nextBoolean() ? Color.WHITE : Color.LIGHT_GRAY);
            g.fillRect(0, 0, 40, 40);
            g.setColor(colours[random.nextInt(colours.length)]);
            int x = 4 + random.nextInt(16);
            int y = 4 + random.nextInt(16);
            if (random.nextBoolean()) {
                g.fillOval(x, y, 18, 18);
            } else {
                g.fillRect(x, y, 18, 18);
            }
            g.dispose();
            ImageIO.write(image, "png", folder.resolve(String.format("img-%03d.png", i)).toFile());
        }
        return folder;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
