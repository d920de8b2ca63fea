package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DevStackBuilderTest {

    @Test
    void should_refuse_a_port_out_of_range_naming_the_setting() {
        assertThatThrownBy(() -> DevStack.builder().optPostgresPort(70000))
                .hasMessage("postgresPort: must be 0 (any free port) or 1..65535, got 70000");
        assertThatThrownBy(() -> DevStack.builder().optKafkaPort(-1))
                .hasMessage("kafkaPort: must be 0 (any free port) or 1..65535, got -1");
    }

    @Test
    void should_refuse_a_bucket_name_s3_would_refuse() {
        for (String bad : new String[] {"Images", "ab", "-images", "images_2", "a..b", "x".repeat(64)}) {
            assertThatThrownBy(() -> DevStack.builder().optBucket(bad))
                    .as(bad)
                    .hasMessageStartingWith("bucket: '" + bad + "' is not a valid S3 bucket name");
        }
    }

    @Test
    void should_accept_ordinary_bucket_names() {
        assertThatCode(() -> DevStack.builder().optBucket("clipvq-images.v2").optBucket("abc").optBucket("x".repeat(63)))
                .doesNotThrowAnyException();
    }
}
