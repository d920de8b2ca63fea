package io.clipvq.contracts.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class BundleSignaturesTest {

    @Test
    void should_derive_every_shape_from_the_manifest_sizes() {
        BundleManifest m = BundleManifestJsonTest.sample(); // K 256, grid 8x8, image 32, D 64, CLIP side 32

        assertThat(BundleSignatures.denoiser(m).inputs()).extracting(TensorSpec::toString)
                .containsExactly("x_t int64 [B, 64]", "t int64 [B]", "cond float [B, 64]");
        assertThat(BundleSignatures.denoiser(m).outputs()).extracting(TensorSpec::toString)
                .containsExactly("log_probs float [B, 256, 64]");
        assertThat(BundleSignatures.clipText(m).inputs().get(0).toString()).isEqualTo("input_ids int64 [B, 77]");
        assertThat(BundleSignatures.clipImage(m).inputs().get(0).toString())
                .isEqualTo("pixel_values float [B, 3, 32, 32]");
        assertThat(BundleSignatures.vqDecoder(m).outputs().get(0).toString()).isEqualTo("image float [B, 3, 32, 32]");
        assertThat(BundleSignatures.vqEncoder(m).outputs().get(0).toString()).isEqualTo("codes int64 [B, 8, 8]");
    }

    @Test
    void should_list_the_encoder_only_when_the_bundle_has_it() {
        BundleManifest m = BundleManifestJsonTest.sample();
        assertThat(BundleSignatures.onnxFiles(m)).extracting(OnnxSignature::file)
                .containsExactly("clip_text.onnx", "clip_image.onnx", "denoiser.onnx", "vq_decoder.onnx");

        var files = new java.util.HashMap<>(m.files());
        files.put(BundleSignatures.VQ_ENCODER, files.get(BundleSignatures.DENOISER));
        files.put(BundleSignatures.DENOISER_INT8, files.get(BundleSignatures.DENOISER));
        List<OnnxSignature> withOptional = BundleSignatures.onnxFiles(m.withFiles(files));
        assertThat(withOptional).extracting(OnnxSignature::file).contains("vq_encoder.onnx", "denoiser_int8.onnx");
        // the int8 denoiser is checked against the fp32 one's inputs and outputs
        OnnxSignature int8 = withOptional.stream().filter(s -> s.file().equals("denoiser_int8.onnx")).findFirst()
                .orElseThrow();
        assertThat(int8.inputs()).isEqualTo(BundleSignatures.denoiser(m).inputs());
        assertThat(int8.outputs()).isEqualTo(BundleSignatures.denoiser(m).outputs());
        assertThat(BundleSignatures.REQUIRED_FILES).isEqualTo(List.of("clip_text.onnx", "clip_image.onnx",
                "denoiser.onnx", "vq_decoder.onnx", "tokenizer/bpe_simple_vocab_16e6.txt.gz"));
    }
}
