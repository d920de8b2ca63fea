package io.clipvq.trainer.worlds.shapes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.Seeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code trainer shapes-captions}: captions for an image-only split folder, for the paired upper bound only. The
 * split's scenes.jsonl gives each image's scene; the world's {@link CaptionWriter} words a caption for it. The file
 * goes outside the split folder, so that the language-free generator's data stays caption-free.
 */
@Command(name = "shapes-captions", mixinStandardHelpOptions = true,
        description = {"Caption an image-only Shapes split (from its scenes.jsonl) with the world's caption writer,"
                + " for the paired upper bound (train-diffusion --captions). Never used for language-free training.",
                "Writes JSONL lines {\"image\": file name, \"caption\": text}."})
public final class ShapesCaptionsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--split", required = true, paramLabel = "DIR", description = "image-only split folder holding "
            + ShapesSplitWriter.SCENES_FILE) Path split;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "captions JSONL to write") Path out;
    @Option(names = "--seed", defaultValue = "0", description = "caption seed; image i uses Seeds.derive(seed, i)"
            + " (default ${DEFAULT-VALUE})") long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path scenesFile = split.resolve(ShapesSplitWriter.SCENES_FILE);
        if (!Files.isRegularFile(scenesFile)) {
            throw new ParameterException(spec.commandLine(), "--split " + split + " has no " + ShapesSplitWriter.SCENES_FILE
                    + " (write it with shapes-dump --split image-only or shapes-bundle)");
        }
        if (out.toAbsolutePath().normalize().startsWith(split.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is inside the split folder " + split
                    + "; keep the paired captions apart from the language-free training data");
        }
        List<String> lines;
        try {
            lines = captions(scenesFile, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                writer.write(line);
                writer.write('\n');
            }
        }
        System.err.println("wrote " + lines.size() + " captions to " + out);
        return 0;
    }

    /** One JSONL line {"image", "caption"} per scene line of {@code scenesFile}. */
    static List<String> captions(Path scenesFile, long seed) throws IOException {
        CaptionWriter writer = CaptionWriter.builder().build();
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(scenesFile, StandardCharsets.UTF_8);
        int index = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = scenesFile + " line " + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
            }
            ShapeScene scene = scene(node, where);
            String caption = writer.caption(scene, new SplittableRandom(Seeds.derive(seed, index++)));
            out.add(JSON.writeValueAsString(JSON.createObjectNode().put("image", field(node, "image", where))
                    .put("caption", caption)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(scenesFile + " holds no scene");
        }
        return out;
    }

    /** The scene ShapesSplitWriter.sceneJson wrote. */
    static ShapeScene scene(JsonNode node, String where) {
        try {
            return new ShapeScene(
                    ShapeKind.valueOf(upper(field(node, Attribute.SHAPE.label(), where))),
                    ObjectColour.valueOf(upper(field(node, Attribute.COLOUR.label(), where))),
                    SizeClass.valueOf(upper(field(node, Attribute.SIZE.label(), where))),
                    Placement.valueOf(upper(field(node, Attribute.POSITION.label(), where))),
                    Background.valueOf(upper(field(node, Attribute.BACKGROUND.label(), where))),
                    integer(node, "side", where), integer(node, "cx", where), integer(node, "cy", where));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": not a Shapes scene (" + e.getMessage() + ")", e);
        }
    }

    private static String upper(String label) {
        return label.toUpperCase(Locale.ROOT);
    }

    private static String field(JsonNode node, String name, String where) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(where + ": \"" + name + "\" should be a string, got "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String name, String where) {
        JsonNode value = node.get(name);
        if (value == null || !value.isInt()) {
            throw new IllegalArgumentException(where + ": \"" + name + "\" should be an integer, got "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.asInt();
    }
}
