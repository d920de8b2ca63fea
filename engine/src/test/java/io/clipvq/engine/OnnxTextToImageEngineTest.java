package io.clipvq.engine;

import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole engine on ONNX Runtime with a tiny random bundle (real graphs, random weights). */
class OnnxTextToImageEngineTest {
    @TempDir
    static Path bundleDir;
    private static ModelBundle bundle;
    private static OnnxTextToImageEngine engine;

    @BeforeAll
    static void openEngine() throws IOException {
        // scale 0.5 gives the random denoiser opinions strong enough for seeds to matter after truncation
        RandomBundleFactory.builder().optSeed(5).optScale(0.5).optTimesteps(20).build().write(bundleDir);
        bundle = BundleLoader.load(bundleDir);
        engine = OnnxTextToImageEngine.open(bundle, EngineOptions.builder().optIntraOpThreads(1).build());
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void should_return_k_sorted_images_per_prompt() throws IOException {
        GenerationSettings settings = new GenerationSettings(6, 3, 10, 3.0, 0.9);
        List<List<GeneratedImage>> out = engine.generate(List.of("a red circle", "a blue square"), new long[] {1, 2},
                settings);
        assertThat(out).hasSize(2);
        for (List<GeneratedImage> images : out) {
            assertThat(images).hasSize(3);
            assertThat(images).extracting(GeneratedImage::clipScore).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(images).extracting(GeneratedImage::candidateIndex).doesNotHaveDuplicates()
                    .allSatisfy(c -> assertThat(c).isBetween(0, 5));
            for (GeneratedImage image : images) {
                assertThat(image.clipScore()).isBetween(-1.0, 1.0);
                BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.png()));
                assertThat(decoded.getWidth()).isEqualTo(bundle.manifest().imageSize());
                assertThat(decoded.getHeight()).isEqualTo(bundle.manifest().imageSize());
            }
        }
        OnnxTextToImageEngine.Timings timings = engine.lastTimings();
        assertThat(timings.images()).isEqualTo(12);
        assertThat(timings.steps()).isEqualTo(10);
        assertThat(timings.denoiserNanos()).isPositive().isLessThanOrEqualTo(timings.samplingNanos());
    }

    @Test
    void should_give_identical_png_bytes_for_the_same_seeds_and_different_for_others() {
        GenerationSettings settings = new GenerationSettings(4, 4, 5, null, null);
        List<GeneratedImage> first = engine.generate(List.of("a photo"), new long[] {42}, settings).get(0);
        List<GeneratedImage> again = engine.generate(List.of("a photo"), new long[] {42}, settings).get(0);
        List<GeneratedImage> other = engine.generate(List.of("a photo"), new long[] {43}, settings).get(0);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).png()).isEqualTo(first.get(i).png());
            assertThat(again.get(i).seed()).isEqualTo(first.get(i).seed());
            assertThat(again.get(i).clipScore()).isEqualTo(first.get(i).clipScore());
        }
        List<byte[]> firstBytes = first.stream().map(GeneratedImage::png).toList();
        for (GeneratedImage image : other) {
            assertThat(firstBytes).noneMatch(bytes -> java.util.Arrays.equals(bytes, image.png()));
        }
        // the same prompt alongside another one in the batch gives the same images
        List<GeneratedImage> batched = engine.generate(List.of("something else", "a photo"), new long[] {7, 42},
                settings).get(1);
        for (int i = 0; i < first.size(); i++) {
            assertThat(batched.get(i).png()).isEqualTo(first.get(i).png());
        }
    }

    @Test
    void should_refuse_bad_settings_naming_the_field() {
        assertThatThrownBy(() -> engine.generate(List.of("x"), new long[] {1}, new GenerationSettings(4, 5, 5, null, null)))
                .hasMessageContaining("keep");
        assertThatThrownBy(() -> engine.generate(List.of("x"), new long[] {1, 2}, new GenerationSettings(4, 1, 5, null, null)))
                .hasMessageContaining("promptSeeds");
        assertThatThrownBy(() -> engine.generate(List.of("x"), new long[] {1}, new GenerationSettings(4, 1, 500, null, null)))
                .hasMessageContaining("steps");
        assertThatThrownBy(() -> engine.generate(List.of("x"), new long[] {1}, new GenerationSettings(4, 1, 5, null, 1.5)))
                .hasMessageContaining("truncation");
    }

    @Test
    void should_refuse_cuda_where_it_is_not_available() {
        org.junit.jupiter.api.Assumptions.assumeFalse(ai.onnxruntime.OrtEnvironment.getAvailableProviders()
                .contains(ai.onnxruntime.OrtProvider.CUDA));
        assertThatThrownBy(() -> OnnxTextToImageEngine.open(bundle, EngineOptions.builder().optCuda(true).build()))
                .hasMessageContaining("CUDA");
    }

    @Test
    void should_run_the_int8_denoiser_when_asked_or_named_by_the_manifest(@TempDir Path int8Dir) throws IOException {
        RandomBundleFactory.builder().optSeed(5).optScale(0.5).optTimesteps(20).optInt8Denoiser(true).build()
                .write(int8Dir);
        GenerationSettings settings = new GenerationSettings(4, 4, 5, null, null);
        EngineOptions int8 = EngineOptions.builder().optIntraOpThreads(1)
                .optDenoiserPrecision(io.clipvq.contracts.bundle.DenoiserPrecision.INT8).build();
        try (OnnxTextToImageEngine engine = OnnxTextToImageEngine.open(BundleLoader.load(int8Dir), int8)) {
            assertThat(engine.denoiserPrecision()).isEqualTo(io.clipvq.contracts.bundle.DenoiserPrecision.INT8);
            List<GeneratedImage> alone = engine.generate(List.of("a photo"), new long[] {42}, settings).get(0);
            List<GeneratedImage> batched = engine.generate(List.of("something else", "a photo"), new long[] {7, 42},
                    settings).get(1);
            assertThat(alone).hasSize(4);
            for (int i = 0; i < alone.size(); i++) {
                assertThat(batched.get(i).png()).isEqualTo(alone.get(i).png());
            }
        }

        // a manifest that names int8 gets it without the option
        java.nio.file.Path manifestFile = int8Dir.resolve(io.clipvq.contracts.bundle.BundleSignatures.MANIFEST);
        var manifest = io.clipvq.contracts.bundle.BundleManifestJson.parse(java.nio.file.Files.readString(manifestFile));
        java.nio.file.Files.writeString(manifestFile, io.clipvq.contracts.bundle.BundleManifestJson.write(
                manifest.withDenoiserPrecision(io.clipvq.contracts.bundle.DenoiserPrecision.INT8)));
        try (OnnxTextToImageEngine engine = OnnxTextToImageEngine.open(BundleLoader.load(int8Dir),
                EngineOptions.builder().optIntraOpThreads(1).build())) {
            assertThat(engine.denoiserPrecision()).isEqualTo(io.clipvq.contracts.bundle.DenoiserPrecision.INT8);
        }
    }

    @Test
    void should_refuse_the_int8_denoiser_where_the_bundle_has_none() {
        assertThatThrownBy(() -> OnnxTextToImageEngine.open(bundle, EngineOptions.builder()
                .optDenoiserPrecision(io.clipvq.contracts.bundle.DenoiserPrecision.INT8).build()))
                .hasMessageContaining("has no file denoiser_int8.onnx");
    }
}
