package io.clipvq.contracts.bulk;

import io.clipvq.contracts.job.InvalidJobMessageException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptReaderTest {

    private static List<String> read(String key, String text) {
        List<String> prompts = new ArrayList<>();
        try (PromptStream stream = PromptReader.of(key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            stream.forEachRemaining(prompts::add);
        }
        return prompts;
    }

    @Test
    void should_read_one_prompt_per_line_skipping_blank_lines() {
        assertThat(read("sets/p.txt", "\uFEFFa red circle\n\n  a blue square  \r\nä green triangle"))
                .containsExactly("a red circle", "a blue square", "ä green triangle");
    }

    @Test
    void should_read_the_prompt_field_of_jsonl_records() {
        assertThat(read("sets/p.jsonl", "{\"prompt\":\"a red circle\",\"id\":1}\n\n{\"prompt\":\"two\\nlines\"}\n"))
                .containsExactly("a red circle", "two\nlines");
    }

    @Test
    void should_name_the_object_and_line_of_a_bad_record() {
        assertThatThrownBy(() -> read("sets/p.jsonl", "{\"prompt\":\"ok\"}\n{\"text\":\"no prompt\"}\n"))
                .isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("promptsObject = \"sets/p.jsonl\": line 2: a JSONL record needs a \"prompt\" string");
        assertThatThrownBy(() -> read("sets/p.jsonl", "{\"prompt\":\"ok\"}\n{not json\n"))
                .hasMessageContaining("line 2: not valid JSON");
        assertThatThrownBy(() -> read("sets/p.txt", "ok\n" + "x".repeat(1001) + "\n"))
                .hasMessageContaining("line 2: prompt must be at most 1000 characters (has 1001)");
    }

    @Test
    void should_refuse_a_nul_character_naming_the_line_before_the_database_sees_it() {
        assertThatThrownBy(() -> read("sets/p.txt", "a red circle\na blue\u0000square\n"))
                .isInstanceOf(InvalidJobMessageException.class)
                .hasMessageContaining("line 2: prompt holds a NUL character (U+0000) at position 7");
        assertThatThrownBy(() -> read("sets/p.jsonl", "{\"prompt\":\"ok\"}\n{\"prompt\":\"x\\u0000\"}\n"))
                .hasMessageContaining("line 2: prompt holds a NUL character");
    }
}
