package io.clipvq.trainer.export;

import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.modelbuild.bundle.RandomBundleFactory;
import io.clipvq.trainer.cli.TrainerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RerankDefaultsCommandTest {

    @Test
    void should_copy_every_file_and_set_the_reranking_defaults_under_a_new_version(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        RandomBundleFactory.builder().optVersion("1.0.0").build().write(source);
        Path out = dir.resolve("tuned");

        int exit = TrainerCli.execute("rerank-defaults", "--bundle", source.toString(), "--out", out.toString(),
                "--version", "1.0.1", "--near-duplicate-cosine", "0.99", "--score-margin", "0.02");

        assertThat(exit).isZero();
        ModelBundle original = BundleLoader.load(source);
        ModelBundle tuned = BundleLoader.load(out);
        assertThat(tuned.manifest().version()).isEqualTo("1.0.1");
        assertThat(tuned.manifest().files()).isEqualTo(original.manifest().files());
        assertThat(tuned.manifest().sampling().nearDuplicateCosine()).isEqualTo(0.99);
        assertThat(tuned.manifest().sampling().scoreMargin()).isEqualTo(0.02);
        assertThat(tuned.manifest().sampling().withReranking(null, null)).isEqualTo(original.manifest().sampling());
    }

    @Test
    void should_refuse_a_threshold_outside_its_range_and_write_nothing(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("source");
        RandomBundleFactory.builder().optVersion("1.0.0").build().write(source);

        int exit = TrainerCli.execute("rerank-defaults", "--bundle", source.toString(), "--out",
                dir.resolve("out").toString(), "--version", "1.0.1", "--near-duplicate-cosine", "1.5");

        assertThat(exit).isEqualTo(1);
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
