package io.clipvq.trainer.worlds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a world judges generated images (the eval command's plug-in point): it reads what each prompt asks for,
 * looks at the images kept for it with a checker that never saw generated images, and reports its metrics. The eval
 * command itself measures only what needs no world (CLIP score, and the Frechet distance of CLIP image embeddings to
 * the real images {@link #realImages} gives).
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
     * into {@code outDir}, and returns the metrics and a Markdown section for the report that names those pictures.
     */
    Outcome score(List<String> prompts, List<byte[]> pngs, Path outDir) throws IOException;

    /**
     * Like {@link #score(List, List, Path)} with every kept candidate of each prompt ({@code kept.get(i)}: those of
     * {@code prompts.get(i)}, at least one, best CLIP score first), for a world that also measures the reranking.
     * By default scores the best candidate of each prompt only.
     */
    default Outcome scoreKept(List<String> prompts, List<List<KeptImage>> kept, Path outDir) throws IOException {
        return score(prompts, kept.stream().map(candidates -> candidates.get(0).png()).toList(), outDir);
    }

    /**
     * {@code request.count()} real images of this world's {@code request.split()}, the same for the same request,
     * for the Frechet distance and the real sample grid; empty (the default) when the world gives none, and then the
     * eval computes no Frechet distance.
     */
    default List<RealImageSet.RealImage> realImages(RealImageSet request) {
        return List.of();
    }

    /** One kept candidate: its PNG and the CLIP score that ranked it. */
    record KeptImage(byte[] png, double clipScore) {
    }

    /**
     * What the checker read from a prompt's best image ("big red circle left white") and the attributes it found
     * wrong, for the report's per-prompt table.
     */
    record Reading(String reads, List<String> wrong) {
    }

    /**
     * @param metrics         JSON-ready (numbers, strings, null, lists and maps) metrics, written under the eval's
     *                        {@code worldCheck} field of metrics.json
     * @param reportSection   Markdown for the report, after the generic metrics
     * @param topLevelMetrics JSON-ready fields written at the top level of metrics.json, beside the generic ones
     *                        (never replacing one), for measures whose readers predate {@code worldCheck}
     * @param readings        one reading per prompt, in prompt order, or empty when the world gives none
     * @param summary         one line for the console ("" for none)
     */
    record Outcome(Map<String, Object> metrics, String reportSection, Map<String, Object> topLevelMetrics,
                   List<Reading> readings, String summary) {
        /** An outcome with its metrics under {@code worldCheck} only, no readings and no console line. */
        public Outcome(Map<String, Object> metrics, String reportSection) {
            this(metrics, reportSection, Map.of(), List.of(), "");
        }
    }
}
