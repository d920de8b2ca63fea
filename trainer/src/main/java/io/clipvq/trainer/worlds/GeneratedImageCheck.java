package io.clipvq.trainer.worlds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a world judges generated images (the eval command's plug-in point): it reads what each prompt asks for,
 * looks at the image kept for it with a checker that never saw generated images, and reports its metrics.
 */
public interface GeneratedImageCheck {
    /**
     * The key, in {@link Outcome#metrics()}, of the world's headline measures: a map from a column label ("class
     * accuracy %") to a number, what an ablation table shows for each run.
     */
    String HEADLINE = "headline";

    /**
     * Fails, before any image is generated, on a prompt this world cannot score.
     *
     * @throws IllegalArgumentException naming the first such prompt and why
     */
    void checkPrompts(List<String> prompts);

    /**
     * Scores the kept PNG of each prompt ({@code pngs.get(i)} answers {@code prompts.get(i)}), writes any pictures
     * into {@code outDir}, and returns the metrics (JSON-ready: numbers, strings, lists and maps) and a Markdown section
     * for the report that names those pictures.
     */
    Outcome score(List<String> prompts, List<byte[]> pngs, Path outDir) throws IOException;

    record Outcome(Map<String, Object> metrics, String reportSection) {
    }
}
