package io.clipvq.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenTest {

    @TempDir
    Path dir;

    @Test
    void should_take_the_token_from_the_environment_first() throws Exception {
        Path env = Files.writeString(dir.resolve("worker.env"), "CLIPVQ_API_TOKEN=from-last-run\n");

        assertThat(ApiToken.choose(" chosen-by-me ", env)).isEqualTo("chosen-by-me");
    }

    @Test
    void should_keep_the_token_of_the_previous_run_so_saved_browsers_keep_working() throws Exception {
        Path env = Files.writeString(dir.resolve("worker.env"), """
                # written by LocalStackMain
                KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092
                CLIPVQ_API_TOKEN=from-last-run
                """);

        assertThat(ApiToken.choose(null, env)).isEqualTo("from-last-run");
        assertThat(ApiToken.choose("", env)).isEqualTo("from-last-run");
    }

    @Test
    void should_generate_a_new_random_token_when_there_is_none() throws Exception {
        Path noToken = Files.writeString(dir.resolve("worker.env"), "CLIPVQ_API_TOKEN=\n");

        String first = ApiToken.choose(null, dir.resolve("missing.env"));
        String second = ApiToken.choose(null, noToken);

        assertThat(first).matches("[A-Za-z0-9_-]{43}");
        assertThat(second).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(first);
    }
}
