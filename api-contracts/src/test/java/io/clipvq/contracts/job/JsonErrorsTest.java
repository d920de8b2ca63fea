package io.clipvq.contracts.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonErrorsTest {

    @Test
    void should_not_tell_a_sender_to_reconfigure_our_parser() {
        assertThatThrownBy(() -> JobJson.parseRequest("{\"schemaVersion\":1,\"jobId\":\"a\",\"seed\":NaN}"))
                .isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("not valid JSON at line 1")
                .hasMessageContaining("Non-standard token 'NaN'")
                .hasMessageNotContaining("JsonReadFeature").hasMessageNotContaining("enable");
    }

    @Test
    void should_state_the_nesting_limit_without_naming_library_classes() {
        String deep = "{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}";

        assertThatThrownBy(() -> JobJson.parseRequest(deep)).isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("nesting depth")
                .hasMessageNotContaining("StreamReadConstraints").hasMessageNotContaining("`");
    }
}
