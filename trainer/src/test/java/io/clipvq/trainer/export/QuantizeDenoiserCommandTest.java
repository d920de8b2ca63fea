package io.clipvq.trainer.export;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.cli.TrainerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class QuantizeDenoiserCommandTest {

    @Test
    void should_copy_the_bundle_and_add_the_int8_denoiser_under_a_new_version(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        RandomBundleFactory.builder().optVersion("1.0.0").build().write(source);
        Path out = dir.resolve("int8");

        int exit = TrainerCli.execute("quantize-denoiser", "--bundle", source.toString(), "--out", out.toString(),
                "--version", "1.1.0", "--default-denoiser", "int8");

        assertThat(exit).isZero();
        ModelBundle original = BundleLoader.load(source);
        ModelBundle quantized = BundleLoader.load(out);
        assertThat(quantized.manifest().version()).isEqualTo("1.1.0");
        assertThat(quantized.manifest().defaultDenoiserPrecision()).isEqualTo(DenoiserPrecision.INT8);
        assertThat(quantized.manifest().files()).containsKey(BundleSignatures.DENOISER_INT8);
        for (String file : original.manifest().files().keySet()) {
            assertThat(quantized.manifest().files()).as(file)
                    .containsEntry(file, original.manifest().files().get(file));
        }
        assertThat(Files.size(quantized.denoiser(DenoiserPrecision.INT8)))
                .isLessThan(Files.size(quantized.denoiser(DenoiserPrecision.FP32)));
    }

    @Test
    void should_refuse_to_reuse_the_original_version(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        RandomBundleFactory.builder().optVersion("1.0.0").build().write(source);

        int exit = TrainerCli.execute("quantize-denoiser", "--bundle", source.toString(), "--out",
                dir.resolve("out").toString(), "--version", "1.0.0");

        assertThat(exit).isEqualTo(1);
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
