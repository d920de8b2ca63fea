package io.clipvq.trainer.worlds.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShapesCommandsTest {

    @Test
    void should_dump_the_image_only_split_without_left_out_pairs(@TempDir Path folder) throws Exception {
        int code = new CommandLine(new ShapesDumpCommand()).execute("--split", "image-only", "--count", "12", "--seed",
                "3", "--left-out", "red-circle", "--out", folder.toString());
        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(folder.resolve(ShapesSplitWriter.SCENES_FILE));
        assertThat(lines).hasSize(12);
        List<ShapeScene> expected = ShapesDataset.builder().optSeed(3)
                .optLeftOut(java.util.Set.of(new Composition(ObjectColour.RED, ShapeKind.CIRCLE))).build().imageOnly(12);
        assertThat(ShapesImage.fromPng(Files.readAllBytes(folder.resolve("000011.png"))))
                .isEqualTo(ShapesRenderer.render(expected.get(11)));
    }

    @Test
    void should_refuse_a_bad_split_or_left_out_item(@TempDir Path folder) {
        StringWriter err = new StringWriter();
        CommandLine dump = new CommandLine(new ShapesDumpCommand()).setErr(new PrintWriter(err));
        assertThat(dump.execute("--split", "paired", "--out", folder.toString())).isNotZero();
        assertThat(err.toString()).contains("--split must be captioned or image-only, got 'paired'");
        assertThat(dump.execute("--split", "captioned", "--left-out", "pink-star", "--out", folder.toString()))
                .isNotZero();
        assertThat(err.toString()).contains("'pink-star' is not a colour-shape pair");
    }

    @Test
    void should_write_held_out_prompts_with_their_composition(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("prompts.jsonl");
        assertThat(new CommandLine(new ShapesPromptsCommand()).execute("--per-composition", "2", "--out",
                file.toString())).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(48);
        ObjectMapper json = new ObjectMapper();
        int leftOut = 0;
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            PromptAttributes parsed = PromptAttributes.parse(node.get("prompt").asText());
            assertThat(parsed.composition().orElseThrow().label()).isEqualTo(node.get("composition").asText());
            leftOut += node.get("left_out").asBoolean() ? 1 : 0;
        }
        assertThat(leftOut).isEqualTo(4);
    }
}
