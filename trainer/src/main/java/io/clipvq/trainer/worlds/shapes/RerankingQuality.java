package io.clipvq.trainer.worlds.shapes;


import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How much best-of-N reranking by CLIP helps, per attribute, from every kept candidate of every prompt: the share of
 * candidates the checker finds right, the share of prompts whose best-ranked candidate is right, the share with at
 * least one right candidate, and the ranking AUC, the probability that CLIP scores a right candidate of a prompt above
 * a wrong one of the same prompt (ties count half). An AUC near 0.5 means the reranker cannot tell right from wrong
 * on that attribute, and best of N is then no better than one sample (what limits the Shapes bundles' shape accuracy).
 */
public final class RerankingQuality {

    /** One candidate: its CLIP score and, for each attribute its prompt names, whether the checker agrees. */
    public record Candidate(double clipScore, Map<Attribute, Boolean> correct) {
    }

    /**
     * @param prompts     prompts that name the attribute
     * @param candidates  their candidates
     * @param rightShare  share of those candidates that are right
     * @param bestRight   share of prompts whose highest-scored candidate is right
     * @param anyRight    share of prompts with at least one right candidate
     * @param pairs       (right, wrong) candidate pairs within one prompt
     * @param auc         share of those pairs CLIP orders right above wrong (ties half); NaN without pairs
     */
    public record Quality(int prompts, int candidates, double rightShare, double bestRight, double anyRight, long pairs,
                          double auc) {
    }

    private RerankingQuality() {
    }

    /** @param byPrompt each prompt's candidates, in any order (the best is found by score) */
    public static Map<Attribute, Quality> measure(List<List<Candidate>> byPrompt) {
        Map<Attribute, Quality> out = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            Quality quality = measure(attribute, byPrompt);
            if (quality != null) {
                out.put(attribute, quality);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** One attribute over the prompts that name it; null when none does. */
    private static Quality measure(Attribute attribute, List<List<Candidate>> byPrompt) {
        int prompts = 0;
        int candidates = 0;
        int right = 0;
        int bestRight = 0;
        int anyRight = 0;
        long pairs = 0;
        double ordered = 0;
        for (List<Candidate> list : byPrompt) {
            if (list.isEmpty() || !list.get(0).correct().containsKey(attribute)) {
                continue;
            }
            prompts++;
            candidates += list.size();
            Candidate best = list.get(0);
            int rightHere = 0;
            for (Candidate c : list) {
                rightHere += c.correct().get(attribute) ? 1 : 0;
                best = c.clipScore() > best.clipScore() ? c : best;
            }
            right += rightHere;
            bestRight += best.correct().get(attribute) ? 1 : 0;
            anyRight += rightHere > 0 ? 1 : 0;
            for (Candidate r : list) {
                for (Candidate w : list) {
                    if (r.correct().get(attribute) && !w.correct().get(attribute)) {
                        pairs++;
                        ordered += r.clipScore() > w.clipScore() ? 1 : r.clipScore() == w.clipScore() ? 0.5 : 0;
                    }
                }
            }
        }
        return prompts == 0 ? null : new Quality(prompts, candidates, right / (double) candidates,
                bestRight / (double) prompts, anyRight / (double) prompts, pairs, pairs == 0 ? Double.NaN : ordered / pairs);
    }
}
