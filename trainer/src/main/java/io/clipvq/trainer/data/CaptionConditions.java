package io.clipvq.trainer.data;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.engine.clip.ClipTextEncoder;
import io.clipvq.engine.text.ClipTokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paired upper bound's conditions: one caption per training image, read from a JSONL file of
 * {"image": file name, "caption": text} lines (the format of ShapesSplitWriter's captions.jsonl), turned into CLIP
 * text embeddings by the bundle's clip_text.onnx through the engine's {@link ClipTextEncoder} and
 * {@link ClipTokenizer}, exactly as the worker encodes a prompt. The language-free generator never reads captions:
 * this class is used only when train-diffusion is given --captions.
 */
public final class CaptionConditions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 256;

    private final Path file;
    private final Map<String, String> captionByImage;

    private CaptionConditions(Path file, Map<String, String> captionByImage) {
        this.file = file;
        this.captionByImage = captionByImage;
    }

    /**
     * Reads and checks the file: every non-blank line a JSON object with a non-empty string "image" (a file name)
     * and a non-blank string "caption", no image twice.
     *
     * @throws IllegalArgumentException naming the file, the line and the problem
     */
    public static CaptionConditions read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("captions file " + file + " does not exist or is not a file");
        }
        Map<String, String> captions = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = "captions file " + file + " line " + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(where + ": expected a JSON object {\"image\": ..., \"caption\": ...}");
            }
            String image = text(node, "image", where);
            String caption = text(node, "caption", where);
            if (image.contains("/") || image.contains("\\")) {
                throw new IllegalArgumentException(where + ": \"image\" should be a file name in the image folder, got \""
                        + image + "\"");
            }
            if (captions.putIfAbsent(image, caption) != null) {
                throw new IllegalArgumentException(where + ": image \"" + image + "\" has a caption on an earlier line");
            }
        }
        if (captions.isEmpty()) {
            throw new IllegalArgumentException("captions file " + file + " holds no caption");
        }
        return new CaptionConditions(file, captions);
    }

    public Path file() {
        return file;
    }

    /**
     * The caption of each image, in the given order.
     *
     * @throws IllegalArgumentException naming the first images without a caption
     */
    public List<String> captionsFor(List<Path> images) {
        List<String> out = new ArrayList<>(images.size());
        List<String> missing = new ArrayList<>();
        for (Path image : images) {
            String name = image.getFileName().toString();
            String caption = captionByImage.get(name);
            if (caption == null) {
                missing.add(name);
            }
            out.add(caption);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("captions file " + file + " has no caption for " + missing.size() + " of "
                    + images.size() + " training images, e.g. " + missing.subList(0, Math.min(5, missing.size())));
        }
        return out;
    }

    /** Changes when any image's caption, the image order or the text model changes (the training data's cache key). */
    public long fingerprint(List<Path> images, ModelBundle clipBundle) {
        long h = 0x7E47C0D17105L;
        for (String caption : captionsFor(images)) {
            h = 31 * h + caption.hashCode();
        }
        h = 31 * h + String.valueOf(clipBundle.manifest().files().get(BundleSignatures.CLIP_TEXT)).hashCode();
        h = 31 * h + String.valueOf(clipBundle.manifest().files().get(BundleSignatures.TOKENIZER_VOCAB)).hashCode();
        return h;
    }

    /** The unit-length CLIP text embedding of each image's caption, in the given order. */
    public List<float[]> embed(List<Path> images, ModelBundle clipBundle) throws IOException, OrtException {
        List<String> captions = captionsFor(images);
        List<float[]> out = new ArrayList<>(captions.size());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             ClipTextEncoder text = ClipTextEncoder.open(env, clipBundle.clipText(), options,
                     ClipTokenizer.load(clipBundle.tokenizerVocab()))) {
            for (int start = 0; start < captions.size(); start += CHUNK) {
                out.addAll(List.of(text.encode(captions.subList(start, Math.min(captions.size(), start + CHUNK)))));
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" should be a non-empty string, got "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.asText();
    }
}
