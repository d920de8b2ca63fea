package io.clipvq.trainer.eval;

import io.clipvq.engine.diversity.PromptDiversity;
import io.clipvq.trainer.worlds.GeneratedImageCheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * report.md of one eval run: settings, the metrics table, the world check's section, the two sample grids and the
 * per-prompt table (with what the world's checker read, where it gives readings).
 */
public final class EvalReport {

    private EvalReport() {
    }

    /**
     * @param shown    how many prompts the grid and the per-prompt table show
     * @param realGrid whether a grid of real images was written
     */
    static void write(Path file, EvalMetrics metrics, List<ManifestEntry> best, int shown, boolean realGrid)
            throws IOException {
        StringBuilder md = new StringBuilder();
        EvalMetrics.ResolvedSampling s = metrics.sampling();
        md.append("# Eval of ").append(metrics.bundleName()).append(' ').append(metrics.bundleVersion()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d prompts, best of %d candidates, %d steps, guidance s = %s, truncation"
                        + " r = %s, seed %d; %.1f s (%.2f prompts/s).%n%n", metrics.prompts(), s.candidates(),
                s.steps(), number(s.guidanceScale()), number(s.truncation()), s.seed(), metrics.seconds(),
                metrics.prompts() / Math.max(metrics.seconds(), 1e-9)));
        md.append("## Metrics\n\n| metric | value |\n|---|---|\n");
        EvalMetrics.ClipScore c = metrics.clipScore();
        md.append(String.format(Locale.ROOT, "| CLIP score (mean best cosine) | %.4f (std %.4f, min %.4f, max %.4f) |%n",
                c.mean(), c.std(), c.min(), c.max()));
        EvalMetrics.Frechet f = metrics.frechet();
        if (f != null) {
            md.append(String.format(Locale.ROOT, "| Frechet distance (CLIP image embeddings, dim %d) | %.4f (%d generated"
                    + " vs %d real, %s split, seed %d) |%n", f.dimension(), f.distance(), f.generated(), f.real(),
                    f.realSplit().label(), f.realSeed()));
        } else {
            md.append("| Frechet distance | not computed (needs 2 or more prompts and a world with real images) |\n");
        }
        md.append("\nThe CLIP score uses the same CLIP that picks the best of N, so it grows with N; the Frechet distance"
                + " from a few hundred samples is biased upwards and grows as the samples shrink. Compare runs with the"
                + " same N and the same sample sizes.\n\n");
        if (!metrics.diversity().isEmpty()) {
            md.append(String.format(Locale.ROOT, "## Diversity (prompts asked on two or more lines)%n%n"
                    + "Over the best image of each line: distinct = not byte-identical to an earlier line's image;"
                    + " near-distinct = CLIP image cosine below %s with every earlier one; distance = mean 1 - cosine"
                    + " over pairs. Condition noise %s, reranking %s%s.%n%n"
                    + "| prompt | images | distinct | near-distinct | mean pairwise CLIP distance |%n|---|---|---|---|---|%n",
                    number(PromptDiversity.NEAR_COSINE), number(s.conditionNoise()), s.rerank(),
                    s.distinctAcrossLines() ? ", lines of one prompt sharing their kept images" : ""));
            for (PromptDiversity d : metrics.diversity()) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %.4f |%n", d.prompt(), d.images(),
                        100 * d.distinctShare(), 100 * d.nearDistinctShare(), d.meanPairwiseDistance()));
            }
            md.append('\n');
        }
        GeneratedImageCheck.Outcome world = metrics.world();
        if (world != null) {
            if (!world.reportSection().isBlank()) {
                md.append(world.reportSection().strip()).append("\n\n");
            }
        } else {
            md.append("World check: none (the bundle draws no known world; give --world).\n\n");
        }
        List<GeneratedImageCheck.Reading> readings = world == null ? List.of() : world.readings();
        md.append("## Generated (first ").append(shown).append(", best candidate, nearest x")
                .append(SampleGrid.ZOOM).append(")\n\n![generated](").append(BundleEvaluation.GENERATED_GRID)
                .append(")\n\n");
        if (realGrid) {
            md.append("## Real images for comparison\n\n![real](").append(BundleEvaluation.REAL_GRID).append(")\n\n");
        }
        md.append("## Per prompt (first ").append(shown).append(")\n\n");
        md.append("| # | prompt | image | CLIP | checker reads | wrong |\n|---|---|---|---|---|---|\n");
        for (int i = 0; i < shown; i++) {
            ManifestEntry entry = best.get(i);
            String reads = "";
            String wrong = "";
            if (i < readings.size()) {
                reads = cell(readings.get(i).reads());
                wrong = cell(String.join(", ", readings.get(i).wrong()));
            }
            md.append(String.format(Locale.ROOT, "| %d | %s | [%s](%s) | %.4f | %s | %s |%n", i,
                    cell(entry.prompt()), entry.image(), entry.image(), entry.clipScore(), reads, wrong));
        }
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    }

    /** Markdown table cell text: a pipe would end the cell. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? String.valueOf((long) value)
                : String.valueOf(value);
    }
}
