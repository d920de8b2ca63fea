package io.clipvq.engine.rerank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the kept images of one prompt among its candidates (docs/method.md#best-of-n-clip-reranking). Candidates are
 * considered by descending CLIP score, ties by candidate index, so the choice is a function of the candidates and
 * the {@link KeptImages} alone.
 *
 * <p>{@link RerankPolicy#DISTINCT} skips a candidate whose PNG bytes equal a kept image's, or whose CLIP image
 * embedding has a cosine of at least {@code nearDuplicateCosine} with a kept image's (a threshold of 1 or more
 * disables the near-duplicate test and keeps only the exact one). It also skips a candidate whose CLIP score lies
 * more than {@code scoreMargin} below the best candidate drawn for the image (the {@code bestScore} of
 * {@link #select}): distinctness may cost a little score, never the prompt's named attributes (an off-prompt picture
 * scores far lower than any on-prompt one; docs/method.md#best-of-n-clip-reranking).
 */
public final class Reranker {
    private static final Comparator<Candidate> BY_SCORE =
            Comparator.comparingDouble((Candidate c) -> -c.score()).thenComparingInt(Candidate::index);

    private final RerankPolicy policy;
    private final double nearDuplicateCosine;
    private final double scoreMargin;

    /**
     * @param scoreMargin under DISTINCT: how far below the image's best candidate a kept one may score;
     *                    {@link Double#POSITIVE_INFINITY} for no limit
     * @throws IllegalArgumentException when the policy is missing, the threshold is not a number above 0 or the
     *                                  margin is negative or not a number
     */
    public Reranker(RerankPolicy policy, double nearDuplicateCosine, double scoreMargin) {
        if (policy == null) {
            throw new IllegalArgumentException("rerank policy must be given");
        }
        if (!(nearDuplicateCosine > 0) || Double.isInfinite(nearDuplicateCosine)) {
            throw new IllegalArgumentException("near-duplicate cosine must be a number above 0, got "
                    + nearDuplicateCosine);
        }
        if (!(scoreMargin >= 0)) {
            throw new IllegalArgumentException("score margin must be 0 or more, got " + scoreMargin);
        }
        this.policy = policy;
        this.nearDuplicateCosine = nearDuplicateCosine;
        this.scoreMargin = scoreMargin;
    }

    public RerankPolicy policy() {
        return policy;
    }

    /**
     * Picks up to {@code wanted} candidates and adds each pick to {@code kept}.
     *
     * @param bestScore the highest score among all candidates drawn for this image so far (every round), the
     *                  reference of the score margin
     * @return the picks in the order taken (descending score); fewer than {@code wanted} only under DISTINCT, when
     *         the candidates hold fewer images that duplicate nothing kept
     */
    public List<Candidate> select(List<Candidate> candidates, int wanted, KeptImages kept, double bestScore) {
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.sort(BY_SCORE);
        List<Candidate> picks = new ArrayList<>(wanted);
        for (Candidate candidate : ranked) {
            if (picks.size() == wanted) {
                break;
            }
            if (policy == RerankPolicy.DISTINCT
                    && (candidate.score() < bestScore - scoreMargin || duplicates(candidate, kept))) {
                continue;
            }
            picks.add(candidate);
            kept.add(candidate.sha256(), candidate.embedding());
        }
        return picks;
    }

    /**
     * When rounds of candidates are exhausted under DISTINCT: from {@code candidates} (those not picked yet), the
     * best that are not byte-identical to a kept image, near duplicates allowed and whatever the margin, then (only
     * if still short) the best remaining ones whatever they duplicate. Each pick is added to {@code kept}.
     */
    public List<Candidate> fillShortfall(List<Candidate> candidates, int wanted, KeptImages kept) {
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.sort(BY_SCORE);
        List<Candidate> picks = new ArrayList<>(wanted);
        List<Candidate> exactDuplicates = new ArrayList<>();
        for (Candidate candidate : ranked) {
            if (picks.size() == wanted) {
                return picks;
            }
            if (kept.containsExact(candidate.sha256())) {
                exactDuplicates.add(candidate);
                continue;
            }
            picks.add(candidate);
            kept.add(candidate.sha256(), candidate.embedding());
        }
        for (Candidate candidate : exactDuplicates) {
            if (picks.size() == wanted) {
                break;
            }
            picks.add(candidate);
            kept.add(candidate.sha256(), candidate.embedding());
        }
        return picks;
    }

    private boolean duplicates(Candidate candidate, KeptImages kept) {
        if (kept.containsExact(candidate.sha256())) {
            return true;
        }
        return nearDuplicateCosine < 1 && kept.size() > 0
                && kept.maxCosine(candidate.embedding()) >= nearDuplicateCosine;
    }
}
