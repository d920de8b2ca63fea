package io.clipvq.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaptionConditionsTest {

    @Test
    void should_give_each_image_its_caption_in_the_image_order(@TempDir Path dir) throws Exception {
        Path file = write(dir, "{\"image\": \"000001.png\", \"caption\": \"a red square\"}", "",
                "{\"image\": \"000000.png\", \"caption\": \"a big blue circle\", \"shape\": \"circle\"}");
        CaptionConditions captions = CaptionConditions.read(file);
        assertThat(captions.captionsFor(List.of(Path.of("x/000000.png"), Path.of("x/000001.png"))))
                .containsExactly("a big blue circle", "a red square");
    }

    @Test
    void should_name_the_images_without_a_caption(@TempDir Path dir) throws Exception {
        Path file = write(dir, "{\"image\": \"000000.png\", \"caption\": \"a red square\"}");
        CaptionConditions captions = CaptionConditions.read(file);
        assertThatThrownBy(() -> captions.captionsFor(List.of(Path.of("000000.png"), Path.of("000007.png"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("captions file " + file + " has no caption for 1 of 2 training images, e.g. [000007.png]");
    }

    @Test
    void should_refuse_bad_lines_naming_file_line_and_field(@TempDir Path dir) throws Exception {
        assertRefused(dir, "line 1: not valid JSON", "{\"image\": ");
        assertRefused(dir, "line 1: expected a JSON object", "[1, 2]");
        assertRefused(dir, "line 2: \"caption\" should be a non-empty string, got \"  \"",
                "{\"image\": \"a.png\", \"caption\": \"x\"}", "{\"image\": \"b.png\", \"caption\": \"  \"}");
        assertRefused(dir, "line 1: \"image\" should be a non-empty string, got 3", "{\"image\": 3, \"caption\": \"x\"}");
        assertRefused(dir, "line 1: \"image\" should be a file name in the image folder, got \"sub/a.png\"",
                "{\"image\": \"sub/a.png\", \"caption\": \"x\"}");
        assertRefused(dir, "line 2: image \"a.png\" has a caption on an earlier line",
                "{\"image\": \"a.png\", \"caption\": \"x\"}", "{\"image\": \"a.png\", \"caption\": \"y\"}");
        assertRefused(dir, "holds no caption", "", "  ");
    }

    @Test
    void should_refuse_a_missing_file(@TempDir Path dir) {
        assertThatThrownBy(() -> CaptionConditions.read(dir.resolve("none.jsonl")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("captions file " + dir.resolve("none.jsonl") + " does not exist or is not a file");
    }

    private static void assertRefused(Path dir, String message, String... lines) throws Exception {
        Path file = write(dir, lines);
        assertThatThrownBy(() -> CaptionConditions.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("captions file " + file)
                .hasMessageContaining(message);
    }

    private static Path write(Path dir, String... lines) throws Exception {
        Path file = Files.createTempFile(dir, "captions", ".jsonl");
        Files.write(file, List.of(lines));
        return file;
    }
}
