package io.clipvq.trainer.worlds.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShapesDatasetTest {

    @Test
    void should_generate_the_same_scenes_from_the_same_seed_and_prefixes_of_larger_splits() {
        ShapesDataset dataset = ShapesDataset.builder().optSeed(42).build();
        assertThat(dataset.imageOnly(50)).isEqualTo(ShapesDataset.builder().optSeed(42).build().imageOnly(50));
        assertThat(dataset.imageOnly(80).subList(0, 50)).isEqualTo(dataset.imageOnly(50));
        assertThat(dataset.captioned(80).subList(0, 50)).isEqualTo(dataset.captioned(50));
        assertThat(ShapesDataset.builder().optSeed(43).build().imageOnly(50)).isNotEqualTo(dataset.imageOnly(50));
    }

    @Test
    void should_leave_purple_triangles_and_orange_crosses_out_of_the_image_only_split_only() {
        ShapesDataset dataset = ShapesDataset.builder().optSeed(1).build();
        Set<Composition> imageOnly = compositions(dataset.imageOnly(3000));
        assertThat(imageOnly).hasSize(22).doesNotContainAnyElementsOf(Composition.DEFAULT_LEFT_OUT);
        Set<Composition> captioned = new HashSet<>();
        for (ShapesDataset.CaptionedScene scene : dataset.captioned(3000)) {
            captioned.add(scene.scene().composition());
            assertThat(PromptAttributes.parse(scene.caption()).named())
                    .allSatisfy((attribute, value) -> assertThat(value).isEqualTo(scene.scene().value(attribute)));
        }
        assertThat(captioned).hasSize(24);
    }

    @Test
    void should_use_a_configured_left_out_set() {
        Composition redCircle = new Composition(ObjectColour.RED, ShapeKind.CIRCLE);
        Set<Composition> none = compositions(ShapesDataset.builder().optLeftOut(Set.of()).build().imageOnly(3000));
        assertThat(none).hasSize(24);
        Set<Composition> custom = compositions(ShapesDataset.builder().optLeftOut(Set.of(redCircle)).build()
                .imageOnly(3000));
        assertThat(custom).hasSize(23).doesNotContain(redCircle);
    }

    @Test
    void should_refuse_leaving_out_every_composition() {
        Set<Composition> all = new HashSet<>();
        for (ObjectColour colour : ObjectColour.values()) {
            for (ShapeKind shape : ShapeKind.values()) {
                all.add(new Composition(colour, shape));
            }
        }
        assertThatThrownBy(() -> ShapesDataset.builder().optLeftOut(all)).hasMessageContaining("all 24");
    }

    @Test
    void should_write_pngs_and_a_caption_index_with_progress(@TempDir Path folder) throws Exception {
        List<ShapesDataset.CaptionedScene> scenes = ShapesDataset.builder().optSeed(5).build().captioned(5);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        new ShapesSplitWriter(new PrintStream(progress, true, StandardCharsets.UTF_8), 2).writeCaptioned(scenes, folder);
        List<String> lines = Files.readAllLines(folder.resolve(ShapesSplitWriter.CAPTIONS_FILE));
        assertThat(lines).hasSize(5);
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 5; i++) {
            JsonNode line = json.readTree(lines.get(i));
            ShapeScene scene = scenes.get(i).scene();
            assertThat(line.get("image").asText()).isEqualTo(String.format("%06d.png", i));
            assertThat(line.get("caption").asText()).isEqualTo(scenes.get(i).caption());
            assertThat(line.get("shape").asText()).isEqualTo(scene.shape().label());
            assertThat(line.get("side").asInt()).isEqualTo(scene.side());
            byte[] png = Files.readAllBytes(folder.resolve(line.get("image").asText()));
            assertThat(ShapesImage.fromPng(png)).isEqualTo(ShapesRenderer.render(scene));
        }
        assertThat(progress.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("wrote 2/5 images to " + folder, "wrote 4/5 images to " + folder,
                        "wrote 5/5 images to " + folder);
    }

    @Test
    void should_write_the_image_only_split_with_a_scene_index(@TempDir Path folder) throws Exception {
        List<ShapeScene> scenes = ShapesDataset.builder().optSeed(5).build().imageOnly(3);
        new ShapesSplitWriter(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 100)
                .writeImageOnly(scenes, folder);
        assertThat(Files.readAllLines(folder.resolve(ShapesSplitWriter.SCENES_FILE))).hasSize(3);
        assertThat(ShapesImage.fromPng(Files.readAllBytes(folder.resolve("000002.png"))))
                .isEqualTo(ShapesRenderer.render(scenes.get(2)));
        assertThat(ShapesDataset.planarImages(scenes).get(1)).isEqualTo(ShapesRenderer.render(scenes.get(1)).toChw());
    }

    private static Set<Composition> compositions(List<ShapeScene> scenes) {
        Set<Composition> set = new HashSet<>();
        scenes.forEach(scene -> set.add(scene.composition()));
        return set;
    }
}
