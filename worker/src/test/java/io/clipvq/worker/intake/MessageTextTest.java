package io.clipvq.worker.intake;

import io.clipvq.contracts.job.InvalidJobMessageException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageTextTest {

    @Test
    void should_decode_utf8_text() {
        assertThat(MessageText.decode("{\"prompt\":\"café ☕\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("{\"prompt\":\"café ☕\"}");
    }

    @Test
    void should_refuse_bytes_that_are_not_utf8_in_one_sentence() {
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> MessageText.decode(latin1)).isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("not UTF-8 text");
    }

    @Test
    void should_refuse_a_tombstone() {
        assertThatThrownBy(() -> MessageText.decode(null)).isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("no value");
    }

    @Test
    void should_escape_control_characters_and_keep_newlines_and_tabs() {
        byte[] value = "a\u0000b\u001bc\nd\te".getBytes(StandardCharsets.UTF_8);

        assertThat(MessageText.printable(value)).isEqualTo("a\\u0000b\\u001bc\nd\te");
    }

    @Test
    void should_bound_the_stored_copy_of_huge_garbage() {
        byte[] value = new byte[1_000_000];

        assertThat(MessageText.printable(value)).hasSizeLessThanOrEqualTo(MessageText.MAX_STORED_CHARS + 6);
    }
}
