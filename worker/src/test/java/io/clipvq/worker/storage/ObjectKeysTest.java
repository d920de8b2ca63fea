package io.clipvq.worker.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeysTest {

    @Test
    void should_put_every_image_under_prefix_and_job_id() {
        assertThat(ObjectKeys.image("jobs", "job-1", 3, 1)).isEqualTo("jobs/job-1/p00003-r01.png");
        assertThat(ObjectKeys.image("a/b.c", "x_y", 123456, 0)).isEqualTo("a/b.c/x_y/p123456-r00.png");
        assertThat(ObjectKeys.image("jobs", "job-1", 3, 1)).startsWith(ObjectKeys.jobPrefix("jobs", "job-1"));
    }

    @Test
    void should_refuse_names_that_could_escape_the_prefix() {
        assertThatThrownBy(() -> ObjectKeys.image("jobs", "..", 0, 0)).hasMessageContaining("jobId '..'");
        assertThatThrownBy(() -> ObjectKeys.image("jobs", "a/../../b", 0, 0)).hasMessageContaining("jobId");
        assertThatThrownBy(() -> ObjectKeys.image("/etc", "a", 0, 0)).hasMessageContaining("relative path");
        assertThatThrownBy(() -> ObjectKeys.image("jobs/../..", "a", 0, 0)).hasMessageContaining("'..'");
        assertThatThrownBy(() -> ObjectKeys.image("jobs", "a\u0007", 0, 0)).hasMessageContaining("control characters");
    }
}
