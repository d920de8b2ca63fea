package io.clipvq.trainer.clipimport;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.clip.ClipTextEncoder;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.modelbuild.onnx.OnnxType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipImporterTest {
    private static final int WIDTH = 32;
    private static final int EMBED = 24;
    private static final int IMAGE = 32;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final List<String> TEXTS = List.of("a photo of a cat", "a red circle on the left of a big square");

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static Path textModel;
    private static Path imageModel;
    private static Path vocabJson;
    private static Path mergesTxt;

    @BeforeAll
    static void writeExport() throws IOException {
        HuggingFaceClipExport export = new HuggingFaceClipExport(WIDTH, 4, 2, EMBED, 7);
        textModel = Files.write(shared.resolve("text_model.onnx"),
                export.text("input_ids", "attention_mask", "text_embeds", OnnxType.INT64));
        imageModel = Files.write(shared.resolve("vision_model.onnx"),
                export.vision("pixel_values", "image_embeds", IMAGE, 8, false));
        writeTokenizerFiles(shared);
        vocabJson = shared.resolve("vocab.json");
        mergesTxt = shared.resolve("merges.txt");
    }

    /** vocab.json and merges.txt as a Hugging Face export ships them, from OpenAI's merge list. */
    private static void writeTokenizerFiles(Path folder) throws IOException {
        List<String> merges = new ArrayList<>();
        try (var in = ClipTokenizer.class.getResourceAsStream(ClipTokenizer.MERGES_FILE_NAME);
             var reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            reader.readLine();
            for (int i = 0; i < ClipTokenizer.MERGE_COUNT; i++) {
                merges.add(reader.readLine());
            }
        }
        Files.writeString(folder.resolve("merges.txt"), "#version: 0.2\n" + String.join("\n", merges) + "\n");
        ClipTokenizer tokenizer = ClipTokenizer.openDefault();
        ObjectNode vocab = new ObjectMapper().createObjectNode();
        for (int id = 0; id < ClipTokenizer.VOCABULARY_SIZE; id++) {
            vocab.put(tokenizer.token(id), id);
        }
        Files.writeString(folder.resolve("vocab.json"), vocab.toString());
    }

    private ClipImporter.Request request(Path text, Path image, ClipImporter.TextNames textNames,
                                         ClipImporter.ImageNames imageNames, Integer imageSize) {
        return new ClipImporter.Request(text, image, textNames, imageNames,
                new ClipImporter.Tokenizer(vocabJson, mergesTxt, null), imageSize,
                BundleManifest.ClipPreprocessing.openAi(0), dir.resolve("clip"));
    }

    private static ImportedClip run(ClipImporter.Request request) throws IOException {
        return ClipImporter.run(request, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void should_import_a_common_export_whose_embeddings_equal_the_original_files_outputs() throws Exception {
        ImportedClip imported = run(request(textModel, imageModel, ClipImporter.TextNames.COMMON,
                ClipImporter.ImageNames.COMMON, null));

        Path out = dir.resolve("clip");
        assertThat(imported.clipDim()).isEqualTo(EMBED);
        assertThat(imported.clip().imageSize()).isEqualTo(IMAGE);
        assertThat(ImportedClip.read(out)).isEqualTo(imported);
        assertThat(imported.files()).containsOnlyKeys(BundleSignatures.CLIP_TEXT, BundleSignatures.CLIP_IMAGE,
                BundleSignatures.TOKENIZER_VOCAB);

        long[][] ids = ClipTokenizer.openDefault().tokenize(TEXTS);
        float[][] original = runText(textModel, "input_ids", "attention_mask", "text_embeds", ids, false);
        float[][] adapted = runText(out.resolve(BundleSignatures.CLIP_TEXT), "input_ids", null, "text_embeds", ids,
                false);
        assertThat(adapted).isDeepEqualTo(original);

        float[] pixels = randomPixels(2);
        assertThat(runImage(out.resolve(BundleSignatures.CLIP_IMAGE), "pixel_values", "image_embeds", pixels))
                .isDeepEqualTo(runImage(imageModel, "pixel_values", "image_embeds", pixels));

        // the engine reads the imported text model as the worker will: its embeddings are the original's, normalised
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             ClipTextEncoder encoder = ClipTextEncoder.open(ENV, out.resolve(BundleSignatures.CLIP_TEXT), options,
                     ClipTokenizer.openDefault())) {
            float[][] engine = encoder.encode(TEXTS);
            for (int b = 0; b < TEXTS.size(); b++) {
                double norm = 0;
                for (float v : original[b]) {
                    norm += (double) v * v;
                }
                for (int d = 0; d < EMBED; d++) {
                    assertThat(engine[b][d]).isCloseTo((float) (original[b][d] / Math.sqrt(norm)),
                            org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
        }
    }

    @Test
    void should_adapt_other_names_int32_ids_and_an_open_image_size() throws Exception {
        HuggingFaceClipExport export = new HuggingFaceClipExport(WIDTH, 4, 1, EMBED, 11);
        Path text = Files.write(dir.resolve("t.onnx"), export.text("ids", "mask", "emb", OnnxType.INT32));
        Path image = Files.write(dir.resolve("i.onnx"), export.vision("pixels", "emb", IMAGE, 8, true));

        ImportedClip imported = run(request(text, image, new ClipImporter.TextNames("ids", "mask", "emb"),
                new ClipImporter.ImageNames("pixels", "emb"), IMAGE));

        assertThat(imported.clip().imageSize()).isEqualTo(IMAGE);
        Path out = dir.resolve("clip");
        long[][] ids = ClipTokenizer.openDefault().tokenize(TEXTS);
        assertThat(runText(out.resolve(BundleSignatures.CLIP_TEXT), "input_ids", null, "text_embeds", ids, false))
                .isDeepEqualTo(runText(text, "ids", "mask", "emb", ids, true));
        float[] pixels = randomPixels(1);
        assertThat(runImage(out.resolve(BundleSignatures.CLIP_IMAGE), "pixel_values", "image_embeds", pixels))
                .isDeepEqualTo(runImage(image, "pixels", "emb", pixels));
    }

    @Test
    void should_import_from_the_command_line_and_refuse_a_bad_option_in_one_line() throws IOException {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = io.clipvq.trainer.cli.TrainerCli.commandLine()
                .setErr(new java.io.PrintWriter(err, true));

        int exit = cli.execute("import-clip", "--text-model", textModel.toString(), "--image-model",
                imageModel.toString(), "--vocab", vocabJson.toString(), "--merges", mergesTxt.toString(),
                "--out", dir.resolve("cli").toString());

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(ImportedClip.read(dir.resolve("cli")).clipDim()).isEqualTo(EMBED);
        assertThat(cli.execute("import-clip", "--text-model", textModel.toString(), "--image-model",
                imageModel.toString(), "--vocab", vocabJson.toString(), "--out", dir.resolve("again").toString()))
                .isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly("trainer import-clip: a Hugging Face tokenizer needs both "
                + "--vocab (vocab.json) and --merges (merges.txt)");
    }

    @Test
    void should_refuse_a_missing_tensor_naming_the_file_and_what_it_has() {
        assertThatThrownBy(() -> run(request(textModel, imageModel, new ClipImporter.TextNames("input_ids",
                "attention_mask", "pooled"), ClipImporter.ImageNames.COMMON, null)))
                .hasMessage(textModel + " has no output 'pooled' (its outputs: text_embeds float [?, 24], "
                        + "last_hidden_state float [?, ?, 32]); name it with --text-output");
        assertThat(dir.resolve("clip")).doesNotExist();
    }

    @Test
    void should_refuse_image_sizes_that_do_not_fit_naming_the_shapes() throws IOException {
        assertThatThrownBy(() -> run(request(textModel, imageModel, ClipImporter.TextNames.COMMON,
                ClipImporter.ImageNames.COMMON, 224)))
                .hasMessage(imageModel + ": input pixel_values float [?, 3, 32, 32] takes 32-pixel images, not the 224 "
                        + "of --image-size");
        Path open = Files.write(dir.resolve("open.onnx"), new HuggingFaceClipExport(WIDTH, 4, 1, EMBED, 3)
                .vision("pixel_values", "image_embeds", IMAGE, 8, true));
        assertThatThrownBy(() -> run(request(textModel, open, ClipImporter.TextNames.COMMON,
                ClipImporter.ImageNames.COMMON, null)))
                .hasMessageContaining("pixel_values float [?, 3, ?, ?] leaves the image size open")
                .hasMessageContaining("--image-size");
    }

    @Test
    void should_refuse_towers_whose_embeddings_differ_in_size() throws IOException {
        Path wider = Files.write(dir.resolve("wide.onnx"), new HuggingFaceClipExport(WIDTH, 4, 1, 16, 5)
                .vision("pixel_values", "image_embeds", IMAGE, 8, false));

        assertThatThrownBy(() -> run(request(textModel, wider, ClipImporter.TextNames.COMMON,
                ClipImporter.ImageNames.COMMON, null)))
                .hasMessage("the text and image embeddings differ in size: " + textModel + " text_embeds float [?, 24], "
                        + wider + " image_embeds float [?, 16]");
    }

    @Test
    void should_refuse_a_vocabulary_that_would_give_other_ids() throws IOException {
        ObjectNode vocab = (ObjectNode) new ObjectMapper().readTree(vocabJson.toFile());
        vocab.put("cat</w>", vocab.get("dog</w>").asInt());
        vocab.put("dog</w>", 2368);
        Path swapped = Files.writeString(dir.resolve("vocab.json"), vocab.toString());

        assertThatThrownBy(() -> TokenizerFiles.fromHuggingFace(swapped, mergesTxt))
                .hasMessageStartingWith(swapped + ": token ")
                .hasMessageContaining("in the vocabulary built from " + mergesTxt);
    }

    @Test
    void should_refuse_an_output_folder_that_is_not_empty() throws IOException {
        Files.createDirectories(dir.resolve("clip"));
        Files.writeString(dir.resolve("clip").resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> run(request(textModel, imageModel, ClipImporter.TextNames.COMMON,
                ClipImporter.ImageNames.COMMON, null))).hasMessage("output folder " + dir.resolve("clip")
                + " is not empty");
    }

    /** Runs a text model on ids [B, 77] (and the mask CLIP's padding gives, when it takes one). */
    private static float[][] runText(Path model, String idsName, String maskName, String outName, long[][] ids,
                                     boolean int32) throws OrtException {
        int batch = ids.length;
        int length = ids[0].length;
        long[] flat = new long[batch * length];
        long[] mask = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            boolean ended = false;
            for (int i = 0; i < length; i++) {
                flat[b * length + i] = ids[b][i];
                mask[b * length + i] = ended ? 0 : 1;
                ended |= ids[b][i] == ClipTokenizer.END_OF_TEXT;
            }
        }
        try (OrtSession session = ENV.createSession(model.toString())) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put(idsName, tensor(flat, int32, batch, length));
                if (maskName != null) {
                    inputs.put(maskName, tensor(mask, int32, batch, length));
                }
                try (OrtSession.Result result = session.run(inputs, java.util.Set.of(outName))) {
                    return (float[][]) result.get(0).getValue();
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    private static OnnxTensor tensor(long[] values, boolean int32, int batch, int length) throws OrtException {
        if (!int32) {
            return OnnxTensor.createTensor(ENV, LongBuffer.wrap(values), new long[]{batch, length});
        }
        int[] narrow = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            narrow[i] = Math.toIntExact(values[i]);
        }
        return OnnxTensor.createTensor(ENV, java.nio.IntBuffer.wrap(narrow), new long[]{batch, length});
    }

    private static float[][] runImage(Path model, String inName, String outName, float[] pixels) throws OrtException {
        int batch = pixels.length / (3 * IMAGE * IMAGE);
        try (OrtSession session = ENV.createSession(model.toString());
             OnnxTensor input = OnnxTensor.createTensor(ENV, java.nio.FloatBuffer.wrap(pixels),
                     new long[]{batch, 3, IMAGE, IMAGE});
             OrtSession.Result result = session.run(Map.of(inName, input), java.util.Set.of(outName))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    private static float[] randomPixels(int batch) {
        Random random = new Random(batch);
        float[] pixels = new float[batch * 3 * IMAGE * IMAGE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        return pixels;
    }
}
