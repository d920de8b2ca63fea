package io.clipvq.contracts.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelRefTest {

    @Test
    void should_parse_name_or_name_and_version_as_written_by_toString() {
        assertThat(ModelRef.parse("shapes")).isEqualTo(new ModelRef("shapes", null));
        assertThat(ModelRef.parse("shapes:1.2")).isEqualTo(new ModelRef("shapes", "1.2"));
        ModelRef versioned = new ModelRef("shapes", "2026-11-27");
        assertThat(ModelRef.parse(versioned.toString())).isEqualTo(versioned);
    }
}
