package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void should_default_to_the_data_folder_and_worker_jar_under_the_project_root() {
        LocalStackOptions options = LocalStackOptions.parse(new String[0], ROOT);

        assertThat(options.dataDir()).isEqualTo(Path.of("/repo/.data"));
        assertThat(options.workerJar()).isEqualTo(Path.of("/repo/worker/target/quarkus-app/quarkus-run.jar"));
        assertThat(options.runWorker()).isTrue();
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.postgresPort()).isEqualTo(5432);
        assertThat(options.s3Port()).isEqualTo(9000);
        assertThat(options.bucket()).isEqualTo("clipvq");
    }

    @Test
    void should_read_every_option() {
        LocalStackOptions options = LocalStackOptions.parse(new String[] {
                "--data-dir", "/tmp/d", "--worker-jar", "w.jar", "--no-worker", "--worker-jvm-arg", "-Xmx2g",
                "--kafka-port", "0", "--postgres-port", "15432", "--s3-port", "19000", "--bucket", "images"}, ROOT);

        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/d"));
        assertThat(options.workerJar()).isEqualTo(Path.of("/repo/w.jar"));
        assertThat(options.runWorker()).isFalse();
        assertThat(options.workerJvmArgs()).isEqualTo(List.of("-Xmx2g"));
        assertThat(options.kafkaPort()).isZero();
        assertThat(options.postgresPort()).isEqualTo(15432);
        assertThat(options.s3Port()).isEqualTo(19000);
        assertThat(options.bucket()).isEqualTo("images");
    }

    @Test
    void should_name_the_bad_option_and_value() {
        assertThatThrownBy(() -> LocalStackOptions.parse(new String[] {"--kafka-port", "99999"}, ROOT))
                .hasMessage("--kafka-port: '99999' is not a port (0..65535)");
        assertThatThrownBy(() -> LocalStackOptions.parse(new String[] {"--s3-port", "nine"}, ROOT))
                .hasMessage("--s3-port: 'nine' is not a port (0..65535)");
        assertThatThrownBy(() -> LocalStackOptions.parse(new String[] {"--data-dir"}, ROOT))
                .hasMessage("--data-dir needs a value");
        assertThatThrownBy(() -> LocalStackOptions.parse(new String[] {"--verbose"}, ROOT))
                .hasMessage("unknown option '--verbose'");
    }
}
