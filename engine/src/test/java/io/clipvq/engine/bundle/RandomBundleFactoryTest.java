package io.clipvq.engine.bundle;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.modelbuild.graphs.DenoiserGraph;
import io.clipvq.modelbuild.graphs.DenoiserReference;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.OrtRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RandomBundleFactoryTest {

    @Test
    void should_write_a_tiny_bundle_that_the_loader_accepts(@TempDir Path dir) throws Exception {
        BundleManifest written = RandomBundleFactory.builder().build().write(dir.resolve("b"));

        ModelBundle bundle = BundleLoader.load(dir.resolve("b"));

        BundleManifest m = bundle.manifest();
        assertThat(m).isEqualTo(written);
        assertThat(m.imageSize()).isEqualTo(16);
        assertThat(m.codeGrid()).isEqualTo(new BundleManifest.CodeGrid(4, 4));
        assertThat(m.codebookSize()).isEqualTo(32);
        assertThat(m.clipDim()).isEqualTo(32);
        assertThat(m.diffusion().timesteps()).isEqualTo(100);
        assertThat(m.files()).containsKeys(BundleSignatures.VQ_ENCODER, BundleSignatures.DENOISER);
        double norm = 0;
        for (float v : bundle.nullCondition()) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void should_honour_every_size_option_and_run_the_written_denoiser(@TempDir Path dir) throws Exception {
        RandomBundleFactory factory = RandomBundleFactory.builder()
                .optImageSize(24).optCodeGrid(3).optCodebookSize(10).optDenoiserLayers(1).optDenoiserWidth(12)
                .optDenoiserHeads(3).optMlpRatio(2).optClipDim(6).optTimesteps(7)
                .optClipTextWidth(8).optClipTextLayers(2).optClipTextHeads(2)
                .optClipImageSize(12).optClipPatchSize(6).optClipImageWidth(8).optClipImageLayers(1).optClipImageHeads(4)
                .optVqCodeDim(4).optVqChannels(5).optIncludeEncoder(false).optSeed(9).build();
        BundleManifest m = factory.write(dir);
        ModelBundle bundle = BundleLoader.load(dir);

        assertThat(m.files()).doesNotContainKey(BundleSignatures.VQ_ENCODER);
        assertThat(bundle.vqEncoder()).isEmpty();
        assertThat(m.clip().imageSize()).isEqualTo(12);
        assertThat(m.sampling().steps()).isEqualTo(7);
        assertThat(factory.vqGanSpec().stages()).isEqualTo(3);
        // model-build writes null_condition.bin and the checksums itself; the loader reads back the exact bits
        assertThat(bundle.nullCondition()).containsExactly(factory.nullCondition());

        // the file on disk is the graph of the factory's own weights
        long[] codes = new long[9];
        java.util.Arrays.fill(codes, 10); // all [MASK]
        float[] cond = factory.nullCondition();
        float[] fromFile = new OrtRunner().longs(DenoiserGraph.INPUT_CODES, codes, 1, 9)
                .longs(DenoiserGraph.INPUT_TIMESTEP, new long[]{6}, 1)
                .floats(DenoiserGraph.INPUT_CONDITION, cond, 1, 6)
                .runFloat(Files.readAllBytes(bundle.denoiser()), DenoiserGraph.OUTPUT_LOG_PROBS);
        float[] expected = DenoiserReference.forward(factory.denoiserSpec(), factory.denoiserWeights(), codes,
                new long[]{6}, cond, 1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(fromFile[i]).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @Test
    void should_give_the_same_bytes_for_the_same_seed_and_different_bytes_for_another(@TempDir Path dir) throws Exception {
        Map<String, String> first = RandomBundleFactory.builder().optSeed(5).build().write(dir.resolve("a")).files();
        Map<String, String> again = RandomBundleFactory.builder().optSeed(5).build().write(dir.resolve("b")).files();
        Map<String, String> other = RandomBundleFactory.builder().optSeed(6).build().write(dir.resolve("c")).files();

        assertThat(again).isEqualTo(first);
        assertThat(other.get(BundleSignatures.DENOISER)).isNotEqualTo(first.get(BundleSignatures.DENOISER));
        assertThat(other.get(BundleSignatures.NULL_CONDITION)).isNotEqualTo(first.get(BundleSignatures.NULL_CONDITION));
    }

    @Test
    void should_name_the_option_that_makes_sizes_inconsistent() {
        assertThatThrownBy(() -> RandomBundleFactory.builder().optImageSize(20).optCodeGrid(3).build())
                .hasMessageContaining("imageSize (20) must be a multiple of codeGrid (3)");
        assertThatThrownBy(() -> RandomBundleFactory.builder().optImageSize(24).optCodeGrid(4).build())
                .hasMessageContaining("downsampleFactor must be a power of two, got 6");
        assertThatThrownBy(() -> RandomBundleFactory.builder().optDenoiserWidth(30).optDenoiserHeads(4).build())
                .hasMessageContaining("width (30) must be divisible by heads (4)");
        assertThatThrownBy(() -> RandomBundleFactory.builder().optClipImageSize(15).build())
                .hasMessageContaining("imageSize (15) must be divisible by patchSize (4)");
    }

    @Test
    void should_describe_the_demo_and_paper_sizes_of_the_bench() {
        RandomBundleFactory demo = RandomBundleFactory.demo().build();
        assertThat(demo.denoiserSpec()).isEqualTo(new DenoiserSpec(256, 8, 8, 256, 6, 8, 4, 256, 100));
        assertThat(demo.manifest().imageSize()).isEqualTo(32);

        RandomBundleFactory paper = RandomBundleFactory.paper().build();
        assertThat(paper.denoiserSpec()).isEqualTo(new DenoiserSpec(4096, 16, 16, 512, 24, 16, 4, 512, 100));
        assertThat(paper.vqGanSpec().downsampleFactor()).isEqualTo(16);
    }
}
