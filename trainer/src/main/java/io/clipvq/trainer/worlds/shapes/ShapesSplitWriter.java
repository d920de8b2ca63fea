package io.clipvq.trainer.worlds.shapes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Dumps a split to a folder for inspection: one PNG per scene (000000.png, ...) and a JSONL index with each image's
 * scene (and caption, for the captioned split): captions.jsonl or scenes.jsonl.
 */
public final class ShapesSplitWriter {

    public static final String CAPTIONS_FILE = "captions.jsonl";
    public static final String SCENES_FILE = "scenes.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream progress;
    private final int progressEvery;

    /** Reports "wrote i/n images to dir" on {@code progress} every {@code progressEvery} images and at the end. */
    public ShapesSplitWriter(PrintStream progress, int progressEvery) {
        if (progressEvery <= 0) {
            throw new IllegalArgumentException("progressEvery must be positive, got " + progressEvery);
        }
        this.progress = progress;
        this.progressEvery = progressEvery;
    }

    public void writeCaptioned(List<ShapesDataset.CaptionedScene> scenes, Path folder) {
        createFolder(folder);
        try (BufferedWriter index = Files.newBufferedWriter(folder.resolve(CAPTIONS_FILE), StandardCharsets.UTF_8)) {
            for (int i = 0; i < scenes.size(); i++) {
                ShapesDataset.CaptionedScene captioned = scenes.get(i);
                String image = writeImage(captioned.scene(), folder, captioned.index());
                ObjectNode line = JSON.createObjectNode().put("image", image).put("caption", captioned.caption());
                line.setAll(sceneJson(captioned.scene()));
                index.write(JSON.writeValueAsString(line));
                index.write('\n');
                report(i + 1, scenes.size(), folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write captioned split to " + folder, e);
        }
    }

    public void writeImageOnly(List<ShapeScene> scenes, Path folder) {
        createFolder(folder);
        try (BufferedWriter index = Files.newBufferedWriter(folder.resolve(SCENES_FILE), StandardCharsets.UTF_8)) {
            for (int i = 0; i < scenes.size(); i++) {
                ObjectNode line = JSON.createObjectNode().put("image", writeImage(scenes.get(i), folder, i));
                line.setAll(sceneJson(scenes.get(i)));
                index.write(JSON.writeValueAsString(line));
                index.write('\n');
                report(i + 1, scenes.size(), folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image-only split to " + folder, e);
        }
    }

    /** The attributes and exact geometry of a scene as JSON fields. */
    public static ObjectNode sceneJson(ShapeScene scene) {
        ObjectNode node = JSON.createObjectNode();
        for (Attribute attribute : Attribute.values()) {
            node.put(attribute.label(), scene.value(attribute).label());
        }
        return node.put("side", scene.side()).put("cx", scene.centreX()).put("cy", scene.centreY());
    }

    public static String imageName(int index) {
        return String.format("%06d.png", index);
    }

    private static String writeImage(ShapeScene scene, Path folder, int index) throws IOException {
        String name = imageName(index);
        Files.write(folder.resolve(name), ShapesRenderer.render(scene).toPng());
        return name;
    }

    private void report(int done, int total, Path folder) {
        if (done % progressEvery == 0 || done == total) {
            progress.println("wrote " + done + "/" + total + " images to " + folder);
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + folder, e);
        }
    }
}
