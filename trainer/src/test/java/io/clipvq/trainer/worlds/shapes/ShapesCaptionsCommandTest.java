package io.clipvq.trainer.worlds.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.trainer.cli.TrainerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShapesCaptionsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_caption_every_image_with_words_true_of_its_scene_reproducibly(@TempDir Path dir) throws Exception {
        Path split = dir.resolve("image-only");
        List<ShapeScene> scenes = ShapesDataset.builder().optSeed(9).build().imageOnly(40);
        new ShapesSplitWriter(new PrintStream(PrintStream.nullOutputStream()), 40).writeImageOnly(scenes, split);
        Path out = dir.resolve("captions.jsonl");
        assertThat(TrainerCli.execute("shapes-captions", "--split", split.toString(), "--out", out.toString(), "--seed", "2"))
                .isZero();

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(40);
        for (int i = 0; i < 40; i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            assertThat(line.get("image").asText()).isEqualTo(ShapesSplitWriter.imageName(i));
            Map<Attribute, AttributeValue> named = PromptAttributes.parse(line.get("caption").asText()).named();
            assertThat(named).as(line.toString()).isNotEmpty();
            ShapeScene scene = scenes.get(i);
            named.forEach((attribute, value) -> assertThat(value).as(line.toString()).isEqualTo(scene.value(attribute)));
        }
        Path again = dir.resolve("again.jsonl");
        TrainerCli.execute("shapes-captions", "--split", split.toString(), "--out", again.toString(), "--seed", "2");
        assertThat(Files.readAllLines(again)).isEqualTo(lines);
    }

    @Test
    void should_refuse_to_write_the_captions_into_the_language_free_split(@TempDir Path dir) throws Exception {
        Path split = dir.resolve("image-only");
        new ShapesSplitWriter(new PrintStream(PrintStream.nullOutputStream()), 4)
                .writeImageOnly(ShapesDataset.builder().build().imageOnly(4), split);
        String err = refused("--split", split.toString(), "--out", split.resolve("captions.jsonl").toString());
        assertThat(err).contains("is inside the split folder");
        assertThat(split.resolve("captions.jsonl")).doesNotExist();
    }

    @Test
    void should_refuse_a_folder_without_scenes_or_with_a_bad_scene(@TempDir Path dir) throws Exception {
        assertThat(refused("--split", dir.toString(), "--out", dir.resolve("../c.jsonl").toString()))
                .contains("has no scenes.jsonl");
        Path split = dir.resolve("split");
        Files.createDirectories(split);
        Files.writeString(split.resolve("scenes.jsonl"), "{\"image\": \"000000.png\", \"shape\": \"hexagon\", \"colour\": \"red\","
                + " \"size\": \"small\", \"position\": \"centre\", \"background\": \"white\", \"side\": 8, \"cx\": 16, \"cy\": 16}\n");
        assertThat(refused("--split", split.toString(), "--out", dir.resolve("c.jsonl").toString()))
                .contains("scenes.jsonl line 1: not a Shapes scene", "HEXAGON");
    }

    private static String refused(String... args) {
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "shapes-captions";
        System.arraycopy(args, 0, full, 1, args.length);
        int rc = TrainerCli.commandLine().setErr(new PrintWriter(err, true)).execute(full);
        assertThat(rc).isNotZero();
        return err.toString();
    }
}
