package io.clipvq.engine.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.engine.image.PillowResampler;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.modelbuild.graphs.ClipImageGraph;
import io.clipvq.modelbuild.graphs.ClipImageSpec;
import io.clipvq.modelbuild.graphs.ClipReference;
import io.clipvq.modelbuild.graphs.ClipTextGraph;
import io.clipvq.modelbuild.graphs.ClipTextSpec;
import io.clipvq.modelbuild.graphs.RandomWeights;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoders on tiny random CLIP towers, against the plain-Java forward pass followed by a plain L2 norm. */
class ClipEncodersTest {

    private static final ClipTextSpec TEXT = ClipTextSpec.of(16, 1, 2, 6);
    private static final ClipImageSpec IMAGE = new ClipImageSpec(8, 4, 16, 1, 2, 4, 6);
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private static ClipTokenizer tokenizer;
    private static Map<String, float[]> textWeights;
    private static Map<String, float[]> imageWeights;
    private static byte[] textModel;
    private static byte[] imageModel;

    @BeforeAll
    static void buildModels() {
        tokenizer = ClipTokenizer.openDefault();
        textWeights = RandomWeights.generate(TEXT.layout(), 5, 0.5);
        imageWeights = RandomWeights.generate(IMAGE.layout(), 6, 0.5);
        textModel = ClipTextGraph.build(TEXT, textWeights);
        imageModel = ClipImageGraph.build(IMAGE, imageWeights);
    }

    @Test
    void should_encode_texts_like_the_reference_tower_and_normalise() throws Exception {
        List<String> texts = List.of("a red circle", "hello world", "Two BLUE squares, on a white background!");
        long[] ids = new long[texts.size() * 77];
        for (int b = 0; b < texts.size(); b++) {
            tokenizer.tokenizeInto(texts.get(b), ids, b * 77);
        }
        float[] raw = ClipReference.text(TEXT, textWeights, ids, texts.size());
        try (OrtSession session = ENV.createSession(textModel, new OrtSession.SessionOptions());
             ClipTextEncoder encoder = ClipTextEncoder.wrap(ENV, session, tokenizer)) {
            assertThat(encoder.embeddingDim()).isEqualTo(6);
            float[][] embeddings = encoder.encode(texts);
            assertThat(embeddings).hasDimensions(3, 6);
            for (int b = 0; b < 3; b++) {
                assertThat(embeddings[b]).containsExactly(normalised(raw, b, 6), within(1e-4f));
                assertThat(norm(embeddings[b])).isCloseTo(1.0, within(1e-5));
            }
            // reused buffers: a smaller batch after a larger one, and pre-tokenized input
            assertThat(encoder.encode(List.of("hello world"))[0]).containsExactly(embeddings[1], within(1e-6f));
            assertThat(encoder.encodeTokens(ids, 3)[2]).containsExactly(embeddings[2], within(1e-6f));
        }
    }

    @Test
    void should_preprocess_and_encode_images_like_the_reference_tower() throws Exception {
        int batch = 2;
        int height = 12;
        int width = 10;
        float[] images = new float[batch * 3 * height * width];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble();
        }
        ClipPreprocessor preprocessor = ClipPreprocessor.builder().optImageSize(8).build();
        float[] pixelValues = new float[batch * 3 * 8 * 8];
        for (int b = 0; b < batch; b++) {
            float[] one = preprocessor.process(java.util.Arrays.copyOfRange(images, b * 360, (b + 1) * 360), 12, 10);
            System.arraycopy(one, 0, pixelValues, b * 192, 192);
        }
        float[] raw = ClipReference.image(IMAGE, imageWeights, pixelValues, batch);
        try (OrtSession session = ENV.createSession(imageModel, new OrtSession.SessionOptions());
             ClipImageEncoder encoder = ClipImageEncoder.wrap(ENV, session, preprocessor)) {
            float[][] embeddings = encoder.encodeImages(images, batch, height, width);
            assertThat(embeddings).hasDimensions(2, 6);
            for (int b = 0; b < batch; b++) {
                assertThat(embeddings[b]).containsExactly(normalised(raw, b, 6), within(1e-4f));
            }
            assertThat(encoder.encodePixelValues(pixelValues, batch)[1]).containsExactly(embeddings[1], within(1e-6f));
            assertThat(embeddings[0]).isNotEqualTo(embeddings[1]);
        }
    }

    @Test
    void should_encode_buffered_images_through_the_8_bit_preprocessing(@TempDir Path dir) throws Exception {
        BufferedImage image = new BufferedImage(9, 8, BufferedImage.TYPE_INT_RGB);
        float[] levels = new float[3 * 72];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 9; x++) {
                int r = (x * 29) % 256;
                int g = (y * 31) % 256;
                int b = (x * y * 7) % 256;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
                levels[y * 9 + x] = r / 255f;
                levels[72 + y * 9 + x] = g / 255f;
                levels[144 + y * 9 + x] = b / 255f;
            }
        }
        Path model = dir.resolve("clip_image.onnx");
        Files.write(model, imageModel);
        ClipPreprocessor preprocessor = ClipPreprocessor.fromManifest(BundleManifest.ClipPreprocessing.openAi(8));
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             ClipImageEncoder encoder = ClipImageEncoder.open(ENV, model, options, preprocessor)) {
            float[][] fromImage = encoder.encode(List.of(image));
            assertThat(fromImage[0]).containsExactly(
                    encoder.encodePixelValues(preprocessor.process(image), 1)[0], within(1e-6f));
            // Pillow's 8-bit rounding moves the embedding only slightly from the float path's
            assertThat(fromImage[0]).containsExactly(encoder.encodeImages(levels, 1, 8, 9)[0], within(0.05f));
        }
    }

    @Test
    void should_refuse_a_model_whose_input_does_not_match_the_preprocessing() throws Exception {
        ClipPreprocessor wrongSize = ClipPreprocessor.builder().optImageSize(16).build();
        try (OrtSession session = ENV.createSession(imageModel, new OrtSession.SessionOptions())) {
            assertThatThrownBy(() -> ClipImageEncoder.wrap(ENV, session, wrongSize))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pixel_values").hasMessageContaining("16");
        }
    }

    @Test
    void should_refuse_a_model_without_the_text_input_name() throws Exception {
        try (OrtSession session = ENV.createSession(imageModel, new OrtSession.SessionOptions())) {
            assertThatThrownBy(() -> ClipTextEncoder.wrap(ENV, session, tokenizer))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("clip_text.onnx has no input named 'input_ids'");
        }
    }

    @Test
    void should_read_the_manifest_preprocessing() {
        BundleManifest.ClipPreprocessing clip = new BundleManifest.ClipPreprocessing(32, List.of(0.5, 0.5, 0.5),
                List.of(0.25, 0.5, 1.0), BundleManifest.ResizeMode.BILINEAR, 77);
        ClipPreprocessor preprocessor = ClipPreprocessor.fromManifest(clip);
        assertThat(preprocessor.imageSize()).isEqualTo(32);
        assertThat(preprocessor.mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(preprocessor.std()).containsExactly(0.25f, 0.5f, 1f);
        assertThat(preprocessor.resize()).isEqualTo(PillowResampler.Filter.BILINEAR);
    }

    private static float[] normalised(float[] rows, int row, int dim) {
        double sum = 0;
        for (int i = 0; i < dim; i++) {
            sum += (double) rows[row * dim + i] * rows[row * dim + i];
        }
        float[] out = new float[dim];
        for (int i = 0; i < dim; i++) {
            out[i] = (float) (rows[row * dim + i] / Math.sqrt(sum));
        }
        return out;
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
