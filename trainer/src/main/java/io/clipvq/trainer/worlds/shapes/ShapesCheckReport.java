package io.clipvq.trainer.worlds.shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Shapes part of an eval report: the attribute accuracy table with the targets of issue 5, the reranking table,
 * and what the checker read from each prompt's best image.
 */
final class ShapesCheckReport {
    static final double SEEN_TARGET = 0.90;
    static final double LEFT_OUT_TARGET = 0.60;

    private ShapesCheckReport() {
    }

    /** The accuracy section, then the reranking one when {@code reranking} is not null. */
    static String section(ShapesMetrics.AttributeAccuracy accuracy, Map<Attribute, RerankingQuality.Quality> reranking,
                          int kept) {
        StringBuilder md = new StringBuilder();
        appendAccuracy(md, accuracy);
        if (reranking != null) {
            appendReranking(md, reranking, kept);
        }
        return md.toString();
    }

    private static void appendAccuracy(StringBuilder md, ShapesMetrics.AttributeAccuracy accuracy) {
        md.append(String.format(Locale.ROOT, "Attribute accuracy (pixel-only checker; each attribute over the prompts"
                        + " that name it; %d prompts of seen compositions, %d of left-out ones):%n%n",
                accuracy.seenPrompts(), accuracy.leftOutPrompts()));
        md.append("| attribute | seen | left out | all |\n|---|---|---|---|\n");
        for (Attribute attribute : Attribute.values()) {
            md.append("| ").append(attribute.label()).append(" | ").append(score(accuracy.seen().get(attribute)))
                    .append(" | ").append(score(accuracy.leftOut().get(attribute))).append(" | ")
                    .append(score(accuracy.all().get(attribute))).append(" |\n");
        }
        md.append('\n').append("Targets of issue 5 (each named attribute): ")
                .append(target("seen", accuracy.seen(), SEEN_TARGET)).append("; ")
                .append(target("left out", accuracy.leftOut(), LEFT_OUT_TARGET)).append(".\n\n");
    }

    private static void appendReranking(StringBuilder md, Map<Attribute, RerankingQuality.Quality> reranking, int kept) {
        md.append(String.format(Locale.ROOT, "Reranking, over the %d kept candidates of each prompt (an AUC near 0.5: CLIP"
                + " cannot tell right from wrong on that attribute, and best of N is no better than one sample):%n%n", kept));
        md.append("| attribute | prompts | candidates right | best-ranked right | any right | ranking AUC |\n|---|---|---|---|---|---|\n");
        reranking.forEach((attribute, q) -> md.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %.1f%% | %s |%n",
                attribute.label(), q.prompts(), 100 * q.rightShare(), 100 * q.bestRight(), 100 * q.anyRight(),
                Double.isNaN(q.auc()) ? "- (no pairs)" : String.format(Locale.ROOT, "%.3f", q.auc()))));
        md.append('\n');
    }

    /** "seen >= 90%: met (lowest: size 93.0%)", or missed, or no prompts. */
    static String target(String group, Map<Attribute, ShapesMetrics.Score> scores, double target) {
        Attribute lowest = null;
        for (Map.Entry<Attribute, ShapesMetrics.Score> entry : scores.entrySet()) {
            if (entry.getValue().total() > 0
                    && (lowest == null || entry.getValue().accuracy() < scores.get(lowest).accuracy())) {
                lowest = entry.getKey();
            }
        }
        String goal = String.format(Locale.ROOT, "%s >= %.0f%%", group, 100 * target);
        if (lowest == null) {
            return goal + ": no prompt";
        }
        double worst = scores.get(lowest).accuracy();
        return String.format(Locale.ROOT, "%s: %s (lowest: %s %.1f%%)", goal, worst >= target ? "met" : "missed",
                lowest.label(), 100 * worst);
    }

    /** "93.0% (93/100)", or "-" when no prompt names the attribute. */
    static String score(ShapesMetrics.Score score) {
        if (score.total() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100 * score.accuracy(), score.correct(), score.total());
    }

    /** What the checker found ("big red circle left white"), and which named attributes disagree with the prompt. */
    static List<String> wrong(ShapesMetrics.Evaluated evaluated) {
        List<String> misses = new ArrayList<>();
        for (Attribute attribute : evaluated.prompt().named().keySet()) {
            if (!evaluated.checked().agreesWith(evaluated.prompt(), attribute)) {
                misses.add(attribute.label());
            }
        }
        return misses;
    }

    static String reads(Map<Attribute, AttributeValue> found) {
        List<String> parts = new ArrayList<>();
        for (AttributeValue value : found.values()) {
            parts.add(value.label());
        }
        return found.size() == 1 ? "no object, " + parts.get(0) + " background" : String.join(" ", parts);
    }

    /** Markdown: per prompt asked on several lines, each open attribute's spread and its distance to uniform. */
    static String spreadSection(List<OpenAttributeSpread> spreads) {
        if (spreads.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n\n## Spread of what the prompt leaves open\n\n"
                + "Share of images read as each value of every attribute the prompt does not name, and the total"
                + " variation distance to the uniform spread the world draws from (0 = uniform).\n\n"
                + "| prompt | images | attribute | shares | no object | TV to uniform |\n|---|---|---|---|---|---|\n");
        for (OpenAttributeSpread spread : spreads) {
            spread.open().forEach((attribute, s) -> {
                StringBuilder shares = new StringBuilder();
                s.shares().forEach((value, share) -> shares.append(shares.length() == 0 ? "" : ", ").append(value)
                        .append(String.format(java.util.Locale.ROOT, " %.2f", share)));
                md.append(String.format(java.util.Locale.ROOT, "| %s | %d | %s | %s | %.2f | %.3f |%n", spread.prompt(),
                        spread.images(), attribute.label(), shares, s.noObject(), s.totalVariation()));
            });
        }
        return md.toString();
    }
}
