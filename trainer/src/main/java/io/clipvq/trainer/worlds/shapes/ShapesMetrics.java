package io.clipvq.trainer.worlds.shapes;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute accuracy of generated images against their prompts: each attribute is scored only over the prompts
 * that name it. Prompts are split by composition: "left out" when the prompt names both a colour and a shape whose
 * pair the image-only training split left out, "seen" otherwise (including prompts that name only one of them).
 */
public final class ShapesMetrics {

    /** One generated image: what its prompt names and what the checker read from its pixels. */
    public record Evaluated(PromptAttributes prompt, CheckedAttributes checked) {
    }

    /** Correct over scored prompts for one attribute. */
    public record Score(int correct, int total) {
        public Score {
            if (correct < 0 || correct > total) {
                throw new IllegalArgumentException("correct " + correct + " must be in 0.." + total);
            }
        }

        /** NaN when no prompt named the attribute. */
        public double accuracy() {
            return total == 0 ? Double.NaN : correct / (double) total;
        }
    }

    /** Per-attribute scores over all prompts, over seen compositions and over left-out ones. */
    public record AttributeAccuracy(Map<Attribute, Score> all, Map<Attribute, Score> seen,
                                    Map<Attribute, Score> leftOut, int seenPrompts, int leftOutPrompts) {
    }

    private ShapesMetrics() {
    }

    public static AttributeAccuracy attributeAccuracy(List<Evaluated> evaluated, Set<Composition> leftOutCompositions) {
        int[][] all = new int[Attribute.values().length][2];
        int[][] seen = new int[Attribute.values().length][2];
        int[][] leftOut = new int[Attribute.values().length][2];
        int seenPrompts = 0;
        int leftOutPrompts = 0;
        for (Evaluated item : evaluated) {
            boolean isLeftOut = item.prompt().composition().map(leftOutCompositions::contains).orElse(false);
            if (isLeftOut) {
                leftOutPrompts++;
            } else {
                seenPrompts++;
            }
            for (Attribute attribute : item.prompt().named().keySet()) {
                int hit = item.checked().agreesWith(item.prompt(), attribute) ? 1 : 0;
                count(all, attribute, hit);
                count(isLeftOut ? leftOut : seen, attribute, hit);
            }
        }
        return new AttributeAccuracy(scores(all), scores(seen), scores(leftOut), seenPrompts, leftOutPrompts);
    }

    private static void count(int[][] table, Attribute attribute, int hit) {
        table[attribute.ordinal()][0] += hit;
        table[attribute.ordinal()][1]++;
    }

    private static Map<Attribute, Score> scores(int[][] table) {
        Map<Attribute, Score> scores = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            scores.put(attribute, new Score(table[attribute.ordinal()][0], table[attribute.ordinal()][1]));
        }
        return Collections.unmodifiableMap(scores);
    }
}
