package io.clipvq.trainer.cli;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.engine.clip.ClipImageEncoder;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.clip.ClipTextEncoder;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.data.ImageFolder;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import io.clipvq.trainer.worlds.shapes.ShapesSplitWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * train-diffusion's condition source, read back from the training data cache it wrote: CLIP image embeddings unless
 * --captions is given (language-free), the CLIP text embeddings of the captions when it is (paired upper bound),
 * each compared with an independent call of the engine's encoder.
 */
class PairedConditionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IMAGES = 6;

    @TempDir
    static Path dir;
    static Path images;
    static Path clipBundle;
    static Path vqgan;
    static Path captions;

    @BeforeAll
    static void tinySetup() throws Exception {
        images = dir.resolve("image-only");
        new ShapesSplitWriter(new PrintStream(PrintStream.nullOutputStream()), IMAGES)
                .writeImageOnly(ShapesDataset.builder().optSeed(3).build().imageOnly(IMAGES), images);
        clipBundle = dir.resolve("clip-bundle");
        RandomBundleFactory.builder().optClipDim(8).optImageSize(32).optClipImageSize(32).optClipTextWidth(16).build()
                .write(clipBundle);
        Path vqRun = dir.resolve("vqgan");
        assertThat(TrainerCli.execute("train-vqgan", "--images", images.toString(), "--run-dir", vqRun.toString(),
                "--steps", "1", "--codebook-size", "16", "--code-dim", "4", "--channels", "8", "--batch-size", "2",
                "--disc-start", "1000000")).isZero();
        vqgan = vqRun.resolve(RunFiles.VQGAN_CHECKPOINT);
        captions = dir.resolve("captions.jsonl");
        assertThat(TrainerCli.execute("shapes-captions", "--split", images.toString(), "--out", captions.toString(),
                "--seed", "5")).isZero();
    }

    @Test
    void should_condition_on_the_caption_text_embeddings_when_captions_are_given() throws Exception {
        Path run = dir.resolve("paired");
        assertThat(trainDiffusion(run, "--captions", captions.toString()).rc()).isZero();

        float[][] cached = cachedEmbeddings(run);
        Map<String, String> captionByImage = readCaptions(captions);
        List<Path> files = ImageFolder.load(images, 32).files();
        ModelBundle bundle = BundleLoader.load(clipBundle);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             ClipTextEncoder text = ClipTextEncoder.open(OrtEnvironment.getEnvironment(), bundle.clipText(), options,
                     ClipTokenizer.load(bundle.tokenizerVocab()))) {
            for (int i = 0; i < IMAGES; i++) {
                String caption = captionByImage.get(files.get(i).getFileName().toString());
                float[] expected = text.encode(List.of(caption))[0];
                assertThat(cached[i]).as("image %d, caption '%s'", i, caption).containsExactly(expected, within(1e-5f));
                assertThat(norm(cached[i])).isCloseTo(1.0, within(1e-4));
            }
        }
        assertThat(cached).isNotEqualTo(imageEmbeddings());
    }

    @Test
    void should_condition_on_the_image_embeddings_and_never_read_captions_unless_asked() throws Exception {
        Path run = dir.resolve("language-free");
        assertThat(trainDiffusion(run).rc()).isZero();

        float[][] cached = cachedEmbeddings(run);
        float[][] expected = imageEmbeddings();
        for (int i = 0; i < IMAGES; i++) {
            assertThat(cached[i]).as("image %d", i).containsExactly(expected[i], within(1e-5f));
        }
    }

    @Test
    void should_refuse_to_resume_a_run_trained_on_the_other_condition() throws Exception {
        Path run = dir.resolve("switch");
        assertThat(trainDiffusion(run).rc()).isZero();
        Result switched = trainDiffusion(run, "--captions", captions.toString());
        assertThat(switched.rc()).isNotZero();
        assertThat(switched.err()).contains("was trained on image embeddings (no --captions)");
        // the data cache followed the condition: its key includes the condition source
        assertThat(cachedEmbeddings(run)[0]).isNotEqualTo(imageEmbeddings()[0]);
    }

    @Test
    void should_refuse_a_captions_file_missing_a_training_image_naming_the_file_and_image() throws Exception {
        Path partial = dir.resolve("partial-captions.jsonl");
        List<String> lines = Files.readAllLines(captions);
        Files.write(partial, lines.subList(0, lines.size() - 1));
        Result r = trainDiffusion(dir.resolve("bad"), "--captions", partial.toString());
        assertThat(r.rc()).isNotZero();
        assertThat(r.err()).contains("--captions: captions file " + partial + " has no caption for 1 of " + IMAGES
                + " training images, e.g. [000005.png]");
        assertThat(dir.resolve("bad").resolve(RunFiles.DIFFUSION_CHECKPOINT)).doesNotExist();
    }

    @Test
    void should_refuse_a_malformed_captions_file_naming_the_line() throws Exception {
        Path broken = dir.resolve("broken-captions.jsonl");
        Files.writeString(broken, "{\"image\": \"000000.png\", \"caption\": \"a red square\"}\n{\"image\": \"000001.png\"}\n");
        Result r = trainDiffusion(dir.resolve("broken"), "--captions", broken.toString());
        assertThat(r.rc()).isNotZero();
        assertThat(r.err()).contains("captions file " + broken + " line 2: \"caption\" should be a non-empty string, got nothing");
    }

    @Test
    void should_refuse_a_gradient_norm_limit_that_is_not_positive_before_any_work() {
        Result r = trainDiffusion(dir.resolve("zero-norm"), "--max-grad-norm", "0");
        assertThat(r.rc()).isNotZero();
        assertThat(r.err()).contains("--max-grad-norm must be a number > 0, got 0.0");
        assertThat(dir.resolve("zero-norm")).doesNotExist();
    }

    private record Result(int rc, String err) {
    }

    private static Result trainDiffusion(Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of("train-diffusion", "--images", images.toString(),
                "--vqgan", vqgan.toString(), "--clip-bundle", clipBundle.toString(), "--run-dir", run.toString(),
                "--steps", "1", "--layers", "1", "--width", "16", "--heads", "2", "--timesteps", "4",
                "--batch-size", "2", "--sample-count", "2"));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        int rc = TrainerCli.commandLine().setErr(new PrintWriter(err, true)).execute(args.toArray(String[]::new));
        return new Result(rc, err.toString());
    }

    private static float[][] cachedEmbeddings(Path run) throws Exception {
        Checkpoint cache = Checkpoint.load(run.resolve(RunFiles.DIFFUSION_DATA));
        long[] shape = cache.longs("shape");
        assertThat(shape[0]).isEqualTo(IMAGES);
        int d = (int) shape[2];
        float[] flat = cache.tensors().get("embeddings");
        float[][] rows = new float[IMAGES][];
        for (int i = 0; i < IMAGES; i++) {
            rows[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return rows;
    }

    private static float[][] imageEmbeddings() throws Exception {
        ImageFolder.Loaded loaded = ImageFolder.load(images, 32);
        ModelBundle bundle = BundleLoader.load(clipBundle);
        float[] pixels = new float[IMAGES * 3 * 32 * 32];
        for (int i = 0; i < IMAGES; i++) {
            System.arraycopy(loaded.images().get(i), 0, pixels, i * 3 * 32 * 32, 3 * 32 * 32);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             ClipImageEncoder image = ClipImageEncoder.open(OrtEnvironment.getEnvironment(), bundle.clipImage(), options,
                     ClipPreprocessor.fromManifest(bundle.manifest().clip()))) {
            return image.encodeImages(pixels, IMAGES, 32, 32);
        }
    }

    private static Map<String, String> readCaptions(Path file) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode node = JSON.readTree(line);
            out.put(node.get("image").asText(), node.get("caption").asText());
        }
        return out;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
