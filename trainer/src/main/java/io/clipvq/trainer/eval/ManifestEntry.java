package io.clipvq.trainer.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * One line of manifest.jsonl: {"prompt", "image" (path relative to the output folder), "clip_score"}, plus what
 * reproduces it: "seed" (the prompt's seed), "candidate" (its index among the N) and "rank" (0 = best).
 */
public record ManifestEntry(int promptIndex, String prompt, String image, double clipScore, long seed, int candidate,
                            int rank) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** images/000042.png for the best image of prompt 42, images/000042_1.png for the next kept one. */
    public static String imagePath(int promptIndex, int rank) {
        return rank == 0 ? String.format("images/%06d.png", promptIndex)
                : String.format("images/%06d_%d.png", promptIndex, rank);
    }

    public ObjectNode toJson() {
        return JSON.createObjectNode().put("prompt", prompt).put("image", image)
                .put("clip_score", clipScore).put("seed", seed).put("candidate", candidate).put("rank", rank);
    }

    /** The object on one line, without the newline. */
    public String toJsonLine() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write manifest line of prompt " + promptIndex, e);
        }
    }
}
