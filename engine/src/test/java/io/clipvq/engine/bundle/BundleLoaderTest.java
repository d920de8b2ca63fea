package io.clipvq.engine.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.bundle.BundleWriter;
import io.clipvq.modelbuild.onnx.OnnxType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleLoaderTest {
    @TempDir
    Path dir;

    @Test
    void should_load_a_good_bundle_with_its_manifest_files_and_null_condition() throws IOException {
        TinyBundle tiny = new TinyBundle();
        BundleManifest written = tiny.write(dir);

        ModelBundle bundle = BundleLoader.load(dir);

        assertThat(bundle.manifest()).isEqualTo(written);
        assertThat(bundle.manifest().files()).containsOnlyKeys("clip_text.onnx", "clip_image.onnx", "denoiser.onnx",
                "vq_decoder.onnx", "vq_encoder.onnx", "null_condition.bin", "tokenizer/bpe_simple_vocab_16e6.txt.gz");
        assertThat(bundle.denoiser()).isEqualTo(dir.resolve("denoiser.onnx")).isRegularFile();
        assertThat(bundle.vqEncoder()).contains(dir.resolve("vq_encoder.onnx"));
        assertThat(bundle.tokenizerVocab()).isRegularFile();
        assertThat(bundle.nullCondition()).hasSize(tiny.clipDim)
                .containsExactly(NullConditionFile.decode(Files.readAllBytes(dir.resolve("null_condition.bin")), 8));
        assertThat(BundleLoader.load(new DirectoryBundleSource(dir), dir.resolve("unused")).manifest())
                .isEqualTo(written);
    }

    @Test
    void should_record_each_file_sha256_in_the_manifest() throws IOException {
        BundleManifest written = new TinyBundle().write(dir);
        for (var file : written.files().entrySet()) {
            assertThat(Sha256.of(dir.resolve(file.getKey()))).as(file.getKey()).isEqualTo(file.getValue());
        }
        assertThat(Sha256.of(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void should_refuse_a_file_whose_checksum_does_not_match() throws IOException {
        new TinyBundle().write(dir);
        byte[] bytes = Files.readAllBytes(dir.resolve("denoiser.onnx"));
        bytes[bytes.length - 1] ^= 1;
        Files.write(dir.resolve("denoiser.onnx"), bytes);

        assertRefused("denoiser.onnx: sha256 is ");
    }

    @Test
    void should_refuse_a_missing_file() throws IOException {
        new TinyBundle().write(dir);
        Files.delete(dir.resolve("vq_decoder.onnx"));

        assertRefused("vq_decoder.onnx: missing");
    }

    @Test
    void should_refuse_a_wrong_output_shape() throws IOException {
        TinyBundle tiny = new TinyBundle();
        tiny.replace(BundleSignatures.DENOISER, tiny.denoiser(tiny.codebookSize + 1, "B")).write(dir);

        assertRefused("denoiser.onnx: output 'log_probs' has shape [B, 17, 16], expected [B, 16, 16]");
    }

    @Test
    void should_refuse_an_embedding_dimension_other_than_the_manifest_clip_dim() throws IOException {
        TinyBundle tiny = new TinyBundle();
        tiny.replace(BundleSignatures.CLIP_TEXT, tiny.clipText(6, OnnxType.INT64)).write(dir);

        assertRefused("clip_text.onnx: output 'text_embeds' has shape [B, 6], expected [B, 8]");
    }

    @Test
    void should_refuse_a_wrong_element_type_a_wrong_input_name_and_a_fixed_batch() throws IOException {
        TinyBundle tiny = new TinyBundle();
        tiny.replace(BundleSignatures.CLIP_TEXT, tiny.clipText(8, OnnxType.FLOAT))
                .replace(BundleSignatures.VQ_DECODER, tiny.vqDecoder("indices"))
                .replace(BundleSignatures.DENOISER, tiny.denoiser(tiny.codebookSize, 1L))
                .write(dir);

        assertRefused("clip_text.onnx: input 'input_ids' has element type float, expected int64",
                "vq_decoder.onnx: inputs are [indices], expected [codes]",
                "denoiser.onnx: input 'x_t' has shape [1, 16], expected [B, 16]");
    }

    @Test
    void should_refuse_a_null_condition_of_the_wrong_length() throws IOException {
        new TinyBundle().write(dir);
        replaceKeepingChecksumsValid("null_condition.bin", new byte[4 * 7]);

        assertRefused("null_condition.bin: has 28 bytes, expected 32 (clipDim 8 float32 values)");
    }

    @Test
    void should_refuse_a_file_that_is_not_onnx() throws IOException {
        new TinyBundle().write(dir);
        replaceKeepingChecksumsValid("clip_image.onnx", "not a model".getBytes());

        assertRefused("clip_image.onnx: ONNX Runtime cannot open it");
    }

    @Test
    void should_refuse_a_malformed_or_missing_manifest() throws IOException {
        new TinyBundle().write(dir);
        Files.writeString(dir.resolve("manifest.json"), "{\"formatVersion\": 1,\n  \"name\": }");
        assertRefused("manifest.json: not valid JSON at line 2");

        new TinyBundle().write(dir.resolve("second"));
        Path second = dir.resolve("second").resolve("manifest.json");
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(Files.readString(second));
        tree.remove("codebookSize");
        ((ObjectNode) tree.get("codeGrid")).put("width", "four");
        Files.writeString(second, tree.toString());
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("second")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("manifest.json: $: required property 'codebookSize' not found")
                .hasMessageContaining("manifest.json: codeGrid.width");

        Files.delete(second);
        assertThatThrownBy(() -> BundleLoader.load(dir.resolve("second")))
                .isInstanceOf(BundleException.class).hasMessageContaining("manifest.json: missing");
    }

    @Test
    void should_refuse_to_write_an_incomplete_bundle_or_into_a_used_directory() throws IOException {
        TinyBundle tiny = new TinyBundle();
        assertThatThrownBy(() -> new BundleWriter(tiny.manifest()).nullCondition(new float[8]).write(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clip_text.onnx").hasMessageContaining("vq_decoder.onnx");
        assertThatThrownBy(() -> new BundleWriter(tiny.manifest()).nullCondition(new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected clipDim 8");

        tiny.write(dir);
        assertThatThrownBy(() -> new TinyBundle().write(dir))
                .isInstanceOf(IOException.class).hasMessageContaining("is not empty");
    }

    @Test
    void should_name_the_source_when_fetching_fails() {
        BundleSource unreachable = new BundleSource() {
            @Override
            public Path fetch(Path workDir) throws IOException {
                throw new IOException("connection refused");
            }

            @Override
            public String describe() {
                return "s3://models/tiny/1";
            }
        };
        assertThatThrownBy(() -> BundleLoader.load(unreachable, dir))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("model bundle s3://models/tiny/1 refused: cannot fetch")
                .hasMessageContaining("connection refused");
    }

    private void assertRefused(String... expectedProblems) {
        assertThatThrownBy(() -> BundleLoader.load(dir))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith("model bundle " + dir + " refused: ")
                .satisfies(e -> {
                    for (String expected : expectedProblems) {
                        assertThat(((BundleException) e).problems()).anySatisfy(p -> assertThat(p).contains(expected));
                    }
                });
    }

    /** Replaces a file and updates its sha256 in the manifest, so that the content check itself is tested. */
    private void replaceKeepingChecksumsValid(String file, byte[] bytes) throws IOException {
        Files.write(dir.resolve(file), bytes);
        String sha256 = Sha256.of(dir.resolve(file));
        Path manifest = dir.resolve("manifest.json");
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(Files.readString(manifest));
        ((ObjectNode) tree.get("files")).put(file, sha256);
        Files.writeString(manifest, tree.toString());
    }
}
