package io.clipvq.trainer.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptFileTest {

    @Test
    void should_read_one_prompt_per_text_line_and_skip_blank_lines() {
        List<String> prompts = PromptFile.parse(List.of("a red circle", "", "   ", "  a big blue box  ", "\t"), "p.txt");
        assertThat(prompts).containsExactly("a red circle", "a big blue box");
    }

    @Test
    void should_read_the_prompt_field_of_jsonl_lines_and_ignore_other_fields() {
        List<String> prompts = PromptFile.parse(List.of(
                "{\"prompt\": \"draw a purple triangle\", \"composition\": \"purple triangle\", \"left_out\": true}",
                "",
                "{\"prompt\":\"a green object at the bottom\"}"), "p.jsonl");
        assertThat(prompts).containsExactly("draw a purple triangle", "a green object at the bottom");
    }

    @Test
    void should_detect_the_format_per_line_so_text_and_json_lines_mix() {
        assertThat(PromptFile.parse(List.of("a small red circle", "{\"prompt\": \"a yellow cross\"}"), "mixed"))
                .containsExactly("a small red circle", "a yellow cross");
    }

    @Test
    void should_name_the_line_number_of_a_bad_json_line() {
        assertThatThrownBy(() -> PromptFile.parse(List.of("a red circle", "", "{\"prompt\": \"a blue box\"",
                "a yellow cross"), "prompts.jsonl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prompts.jsonl line 3")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void should_name_the_line_of_a_json_object_without_a_text_prompt() {
        assertThatThrownBy(() -> PromptFile.parse(List.of("{\"text\": \"a red circle\"}"), "f"))
                .hasMessageContaining("f line 1").hasMessageContaining("\"prompt\"");
        assertThatThrownBy(() -> PromptFile.parse(List.of("ok", "{\"prompt\": 3}"), "f"))
                .hasMessageContaining("f line 2").hasMessageContaining("number");
        assertThatThrownBy(() -> PromptFile.parse(List.of("{\"prompt\": \"  \"}"), "f"))
                .hasMessageContaining("f line 1").hasMessageContaining("empty");
    }

    @Test
    void should_refuse_a_file_without_prompts() {
        assertThatThrownBy(() -> PromptFile.parse(List.of("", "  "), "empty.txt"))
                .hasMessageContaining("empty.txt").hasMessageContaining("no prompt");
    }

    @Test
    void should_read_a_utf8_file_and_name_a_missing_one(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.txt");
        Files.writeString(file, "\uFEFFa red circle on a white background\n\n{\"prompt\": \"a big box\"}\n");
        assertThat(PromptFile.read(file)).containsExactly("a red circle on a white background", "a big box");
        assertThatThrownBy(() -> PromptFile.read(dir.resolve("missing.txt")))
                .hasMessageContaining("missing.txt");
    }
}
