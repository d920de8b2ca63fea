package io.clipvq.contracts.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

class BundleManifestJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    static BundleManifest sample() {
        return new BundleManifest(BundleManifest.FORMAT_VERSION, "shapes-tiny", "0.1.0", 256,
                new BundleManifest.CodeGrid(8, 8), 32, 64, BundleManifest.Diffusion.linear(100),
                new BundleManifest.Sampling(100, 0.9, 3.0, 16), BundleManifest.ClipPreprocessing.openAi(32),
                BundleSignatures.NULL_CONDITION,
                Map.of(BundleSignatures.CLIP_TEXT, SHA, BundleSignatures.CLIP_IMAGE, SHA, BundleSignatures.DENOISER,
                        SHA, BundleSignatures.VQ_DECODER, SHA, BundleSignatures.NULL_CONDITION, SHA,
                        BundleSignatures.TOKENIZER_VOCAB, SHA));
    }

    @Test
    void should_write_json_that_passes_the_schema_and_reads_back_equal() {
        String json = BundleManifestJson.write(sample());

        assertThat(BundleManifestJson.schemaProblems(json)).isEmpty();
        assertThat(BundleManifestJson.parse(json)).isEqualTo(sample());
        assertThat(json).contains("\"alphaBar1\" : 0.99999", "\"gammaBarT\" : 0.99999", "\"resize\" : \"bicubic\"",
                "\"contextLength\" : 77");
    }

    @Test
    void should_write_the_same_bytes_whatever_the_order_files_were_given_in() {
        BundleManifest reordered = sample().withFiles(new java.util.LinkedHashMap<>(Map.of("z.bin", SHA, "a.bin",
                SHA)));
        assertThat(BundleManifestJson.write(reordered)).isEqualTo(BundleManifestJson.write(
                sample().withFiles(Map.of("a.bin", SHA, "z.bin", SHA))));
    }

    @Test
    void should_refuse_a_missing_field_naming_it() {
        assertRefused(m -> m.remove("clipDim"), "clipDim");
    }

    @Test
    void should_refuse_a_wrongly_typed_or_out_of_range_value_naming_the_field() {
        assertRefused(m -> m.put("codebookSize", "many"), "codebookSize");
        assertRefused(m -> ((ObjectNode) m.get("codeGrid")).put("height", 0), "codeGrid.height");
        assertRefused(m -> ((ObjectNode) m.get("sampling")).put("truncation", 1.5), "sampling.truncation");
        assertRefused(m -> ((ObjectNode) m.get("diffusion")).put("schedule", "cosine"), "diffusion.schedule");
    }

    @Test
    void should_refuse_unknown_fields_and_bad_checksums() {
        assertRefused(m -> m.put("codebooksize", 3), "codebooksize");
        assertRefused(m -> ((ObjectNode) m.get("files")).put(BundleSignatures.DENOISER, "abc"), "denoiser.onnx");
        assertRefused(m -> ((ObjectNode) m.get("files")).remove(BundleSignatures.VQ_DECODER), "vq_decoder.onnx");
        assertRefused(m -> ((ObjectNode) m.get("files")).put("../escape.onnx", SHA), "../escape.onnx");
    }

    @Test
    void should_refuse_inconsistent_fields_that_the_schema_cannot_see() {
        assertRefused(m -> ((ObjectNode) m.get("sampling")).put("steps", 101), "sampling.steps: 101 exceeds");
        assertRefused(m -> m.put("nullCondition", "null.bin"), "nullCondition: 'null.bin' is not listed");
        assertRefused(m -> m.put("imageSize", 30), "imageSize: 30");
        assertRefused(m -> ((ObjectNode) m.get("diffusion")).put("alphaBarT", 0.999999), "alphaBarT");
        // abar + gbar = 1 leaves no uniform part (bbar = 0): the posterior would divide by zero
        assertRefused(m -> ((ObjectNode) m.get("diffusion")).put("gammaBarT", 1 - 0.000009),
                "alphaBar + gammaBar must stay below 1");
    }

    @Test
    void should_read_the_default_denoiser_precision_and_leave_it_out_when_fp32_by_absence() {
        Map<String, String> files = new java.util.HashMap<>(sample().files());
        files.put(BundleSignatures.DENOISER_INT8, SHA);
        BundleManifest int8 = sample().withFiles(files).withDenoiserPrecision(DenoiserPrecision.INT8);
        String json = BundleManifestJson.write(int8);

        assertThat(json).contains("\"denoiserPrecision\" : \"int8\"");
        assertThat(BundleManifestJson.parse(json).defaultDenoiserPrecision()).isEqualTo(DenoiserPrecision.INT8);
        assertThat(BundleManifestJson.write(sample())).doesNotContain("denoiserPrecision");
        assertThat(sample().defaultDenoiserPrecision()).isEqualTo(DenoiserPrecision.FP32);
        assertRefused(m -> m.put("denoiserPrecision", "int4"), "denoiserPrecision");
        assertRefused(m -> m.put("denoiserPrecision", "int8"),
                "denoiserPrecision: 'int8' needs denoiser_int8.onnx, which is not listed in files");
    }

    @Test
    void should_refuse_text_that_is_not_json_saying_where() {
        assertThatThrownBy(() -> BundleManifestJson.parse("{\"formatVersion\": 1,\n  oops}"))
                .isInstanceOf(InvalidBundleManifestException.class)
                .hasMessageContaining("not valid JSON at line 2");
        assertThatThrownBy(() -> BundleManifestJson.parse(""))
                .isInstanceOf(InvalidBundleManifestException.class).hasMessageContaining("empty");
    }

    private static void assertRefused(Consumer<ObjectNode> change, String expectedInMessage) {
        ObjectNode tree;
        try {
            tree = (ObjectNode) MAPPER.readTree(BundleManifestJson.write(sample()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        change.accept(tree);
        assertThatThrownBy(() -> BundleManifestJson.parse(tree.toString()))
                .isInstanceOf(InvalidBundleManifestException.class)
                .hasMessageContaining(expectedInMessage);
    }
}
