package io.clipvq.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipvq.trainer.worlds.GeneratedImageCheck;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts several eval runs' metrics.json side by side in one Markdown table (the paper's Table 2 layout: one row per
 * run), so that a sampling-time sweep on one bundle and separately trained bundles (alpha ablation, paired upper
 * bound) compare at a glance. Reads only metrics.json, so it works on runs made at different times.
 */
public final class AblationReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ATTRIBUTES = {"shape", "colour", "size", "position", "background"};

    /** One run: a label for its row and its metrics.json. */
    public record Run(String label, JsonNode metrics) {
    }

    private AblationReport() {
    }

    /** Reads {@code dir}/metrics.json (or the file itself when given a file); the label is the folder name. */
    public static Run read(Path dirOrFile) throws IOException {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(BundleEvaluation.METRICS) : dirOrFile;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + BundleEvaluation.METRICS + " at " + file);
        }
        JsonNode metrics;
        try {
            metrics = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        for (String field : List.of("bundle", "sampling", "clip_score")) {
            if (metrics == null || !metrics.hasNonNull(field)) {
                throw new IllegalArgumentException(file + ": not an eval metrics.json (no \"" + field + "\")");
            }
        }
        Path folder = file.toAbsolutePath().getParent();
        return new Run(folder.getFileName().toString(), metrics);
    }

    public static String markdown(List<Run> runs) {
        return markdown(runs, null);
    }

    /**
     * @param reference label of the run the others' CLIP scores are compared with (e.g. the paired upper bound; the
     *                  issue's target is a language-free CLIP score within 5% of it), or null for no such column
     */
    public static String markdown(List<Run> runs, String reference) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs for the ablation table");
        }
        Double referenceClip = null;
        if (reference != null) {
            for (Run run : runs) {
                if (run.label().equals(reference)) {
                    referenceClip = run.metrics().get("clip_score").path("mean").asDouble();
                }
            }
            if (referenceClip == null) {
                throw new IllegalArgumentException("reference run '" + reference + "' is not among the runs "
                        + runs.stream().map(Run::label).toList());
            }
        }
        boolean attributes = runs.stream().anyMatch(run -> run.metrics().path("attribute_accuracy").isObject());
        List<String> headline = headlineColumns(runs);
        StringBuilder md = new StringBuilder();
        md.append("| run | bundle | s | r | steps | N | prompts | CLIP score |");
        if (referenceClip != null) {
            md.append(" CLIP / ").append(EvalReport.cell(reference)).append(" |");
        }
        md.append(" FD |");
        for (String column : headline) {
            md.append(' ').append(EvalReport.cell(column)).append(" |");
        }
        if (attributes) {
            for (String group : List.of("seen", "left out")) {
                for (String attribute : ATTRIBUTES) {
                    md.append(' ').append(attribute).append(" (").append(group).append(") |");
                }
            }
        }
        int columns = 9 + (referenceClip != null ? 1 : 0) + headline.size() + (attributes ? 2 * ATTRIBUTES.length : 0);
        md.append('\n').append("|---".repeat(columns)).append("|\n");
        for (Run run : runs) {
            JsonNode m = run.metrics();
            JsonNode s = m.get("sampling");
            md.append("| ").append(EvalReport.cell(run.label()))
                    .append(" | ").append(EvalReport.cell(m.get("bundle").path("name").asText() + " "
                            + m.get("bundle").path("version").asText()))
                    .append(" | ").append(EvalReport.number(s.path("guidance_scale").asDouble()))
                    .append(" | ").append(EvalReport.number(s.path("truncation").asDouble()))
                    .append(" | ").append(s.path("steps").asInt())
                    .append(" | ").append(s.path("candidates").asInt())
                    .append(" | ").append(m.path("prompts").asInt())
                    .append(" | ").append(String.format(Locale.ROOT, "%.4f", m.get("clip_score").path("mean").asDouble()));
            if (referenceClip != null) {
                md.append(" | ").append(String.format(Locale.ROOT, "%.1f%%",
                        100 * m.get("clip_score").path("mean").asDouble() / referenceClip));
            }
            md.append(" | ").append(frechet(m.get("frechet_distance"))).append(" |");
            JsonNode values = m.path(BundleEvaluation.WORLD_SECTION).path(GeneratedImageCheck.HEADLINE);
            for (String column : headline) {
                JsonNode value = values.path(column);
                md.append(' ').append(value.isNumber() ? String.format(Locale.ROOT, "%.4g", value.asDouble()) : "-").append(" |");
            }
            if (attributes) {
                JsonNode accuracy = m.get("attribute_accuracy");
                for (String group : List.of("seen", "left_out")) {
                    for (String attribute : ATTRIBUTES) {
                        md.append(' ').append(percent(accuracy, group, attribute)).append(" |");
                    }
                }
            }
            md.append('\n');
        }
        md.append("\ns: guidance scale, r: truncation, N: candidates per prompt (best-of-N), CLIP score: mean over prompts"
                + " of the best cosine, FD: Frechet distance of CLIP image embeddings to the world's real images (- where the"
                + " world gives none)");
        if (!headline.isEmpty()) {
            md.append("; ").append(String.join(", ", headline)).append(": the world's own checker (the eval report defines them)");
        }
        if (attributes) {
            md.append("; accuracies in % over the prompts naming the attribute, by seen and left-out compositions (- where"
                    + " none named it)");
        }
        md.append(".\n");
        return md.toString();
    }

    /** The world headline labels of any run, in first-seen order. */
    private static List<String> headlineColumns(List<Run> runs) {
        java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>();
        for (Run run : runs) {
            run.metrics().path(BundleEvaluation.WORLD_SECTION).path(GeneratedImageCheck.HEADLINE).fieldNames()
                    .forEachRemaining(columns::add);
        }
        return List.copyOf(columns);
    }

    public static void write(Path file, List<Run> runs) throws IOException {
        write(file, runs, null);
    }

    public static void write(Path file, List<Run> runs, String reference) throws IOException {
        String table = markdown(runs, reference);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, "# Ablation\n\n" + table, StandardCharsets.UTF_8);
    }

    /** Reads every folder's metrics.json and writes the table. */
    public static List<Run> readAll(List<Path> dirs) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (Path dir : dirs) {
            runs.add(read(dir));
        }
        return runs;
    }

    private static String frechet(JsonNode node) {
        if (node == null || node.isNull()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.4f", node.path("value").asDouble());
    }

    private static String percent(JsonNode accuracy, String group, String attribute) {
        if (accuracy == null || accuracy.isNull()) {
            return "-";
        }
        JsonNode value = accuracy.path(group).path(attribute).path("accuracy");
        if (value.isMissingNode() || value.isNull()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f", 100 * value.asDouble());
    }
}
