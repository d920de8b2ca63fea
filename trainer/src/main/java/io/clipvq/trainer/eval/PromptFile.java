package io.clipvq.trainer.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an eval prompt file. Each line is read on its own: a line whose first non-blank character is '{' is a JSON
 * object with a text field "prompt" (other fields, such as those shapes-prompts writes, are ignored); any other
 * non-blank line is the prompt itself. Blank lines are skipped, so text and JSONL lines may be mixed.
 */
public final class PromptFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptFile() {
    }

    /**
     * The prompts of {@code file}, in order.
     *
     * @throws IllegalArgumentException naming the file and line number of the first bad line, or when the file holds no
     *                                  prompt
     */
    public static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("prompt file " + file + " does not exist or is not a file");
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The prompts of {@code lines}; {@code source} names them in error messages. */
    public static List<String> parse(List<String> lines, String source) {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            prompts.add(line.startsWith("{") ? promptField(line, source, i + 1) : line);
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException(source + ": no prompt (the file holds only blank lines)");
        }
        return List.copyOf(prompts);
    }

    private static String promptField(String line, String source, int lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " line " + lineNumber + ": not valid JSON ("
                    + e.getOriginalMessage() + "): " + abbreviate(line));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(source + " line " + lineNumber + ": a JSON line must be an object with a"
                    + " \"prompt\" field: " + abbreviate(line));
        }
        JsonNode prompt = node.get("prompt");
        if (prompt == null || !prompt.isTextual()) {
            throw new IllegalArgumentException(source + " line " + lineNumber + ": the JSON object has no text field"
                    + " \"prompt\"" + (prompt == null ? "" : " (it is " + prompt.getNodeType().name().toLowerCase()
                    + ")") + ": " + abbreviate(line));
        }
        String text = prompt.asText().strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(source + " line " + lineNumber + ": \"prompt\" is empty");
        }
        return text;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
