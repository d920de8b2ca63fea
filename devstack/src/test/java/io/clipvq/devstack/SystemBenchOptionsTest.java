package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class SystemBenchOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void should_default_to_eight_jobs_of_four_prompts_on_the_shapes_bundle() {
        SystemBenchOptions options = SystemBenchOptions.parse(new String[0], ROOT);

        assertThat(options.jobs()).isEqualTo(8);
        assertThat(options.promptsPerJob()).isEqualTo(4);
        assertThat(options.candidates()).isEqualTo(4);
        assertThat(options.keep()).isEqualTo(1);
        assertThat(options.batchPrompts()).isEqualTo(8);
        assertThat(options.concurrentJobs()).isEqualTo(4);
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.warmUpRounds()).isEqualTo(2);
        assertThat(options.bundleDir()).isEqualTo(Path.of("/repo/models/shapes"));
        assertThat(options.workerJar()).isEqualTo(Path.of("/repo/worker/target/quarkus-app/quarkus-run.jar"));
        assertThat(options.workerJvmArgs()).isEmpty();
    }

    @Test
    void should_pass_every_worker_jvm_argument_in_order() {
        SystemBenchOptions options = SystemBenchOptions.parse(new String[] {"--worker-jvm-arg", "-Xmx1g", "--jobs",
                "3", "--worker-jvm-arg", "-XX:StartFlightRecording=filename=/tmp/w.jfr"}, ROOT);

        assertThat(options.jobs()).isEqualTo(3);
        assertThat(options.workerJvmArgs()).containsExactly("-Xmx1g", "-XX:StartFlightRecording=filename=/tmp/w.jfr");
    }

    @Test
    void should_name_the_bad_option() {
        assertThatThrownBy(() -> SystemBenchOptions.parse(new String[] {"--jobs", "many"}, ROOT))
                .hasMessage("--jobs needs a whole number, got many");
        assertThatThrownBy(() -> SystemBenchOptions.parse(new String[] {"--worker-jvm-arg"}, ROOT))
                .hasMessage("missing value for --worker-jvm-arg");
        assertThatThrownBy(() -> SystemBenchOptions.parse(new String[] {"--rounds", "0"}, ROOT))
                .hasMessageContaining("--rounds >= 1");
        assertThatThrownBy(() -> SystemBenchOptions.parse(new String[] {"--warm-up-rounds", "-1"}, ROOT))
                .hasMessageContaining("--warm-up-rounds >= 0");
        assertThatThrownBy(() -> SystemBenchOptions.parse(new String[] {"--keep", "5"}, ROOT))
                .hasMessageContaining("1 <= --keep <= --candidates");
    }
}
