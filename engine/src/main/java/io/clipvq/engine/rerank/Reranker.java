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
 * disables the near-duplicate test and keeps only the exact one).
 */
public final class Reranker {
    private static final Comparator<Candidate> BY_SCORE =
            Comparator.comparingDouble((Candidate c) -> -c.score()).thenComparingInt(Candidate::index);

    private final RerankPolicy policy;
    private final double nearDuplicateCosine;

    /** @throws IllegalArgumentException when the policy is missing or the threshold is not a number above 0 */
    public Reranker(RerankPolicy policy, double nearDuplicateCosine) {
        if (policy == null) {
            throw new IllegalArgumentException("rerank policy must be given");
        }
        if (!(nearDuplicateCosine > 0) || Double.isInfinite(nearDuplicateCosine)) {
            throw new IllegalArgumentException("near-duplicate cosine must be a number above 0, got "
                    + nearDuplicateCosine);
        }
        this.policy = policy;
        this.nearDuplicateCosine = nearDuplicateCosine;
    }

    public RerankPolicy policy() {
        return policy;
    }

    /**
     * Picks up to {@code wanted} candidates and adds each pick to {@code kept}.
     *
     * @return the picks in the order taken (descending score); fewer than {@code wanted} only under DISTINCT, when
     *         the candidates hold fewer images that duplicate nothing kept
     */
    public List<Candidate> select(List<Candidate> candidates, int wanted, KeptImages kept) {
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.sort(BY_SCORE);
        List<Candidate> picks = new ArrayList<>(wanted);
        for (Candidate candidate : ranked) {
            if (picks.size() == wanted) {
                break;
            }
            if (policy == RerankPolicy.DISTINCT && duplicates(candidate, kept)) {
                continue;
            }
            picks.add(candidate);
            kept.add(candidate.sha256(), candidate.embedding());
        }
        return picks;
    }

    /**
     * When rounds of candidates are exhausted under DISTINCT: from {@code candidates} (those not picked yet), the
     * best that are not byte-identical to a kept image, near duplicates allowed, then (only if still short) the best
     * remaining ones whatever they duplicate. Each pick is added to {@code kept}.
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
        return nearDuplicateCosine < 1 && kept.maxCosine(candidate.embedding()) >= nearDuplicateCosine;
    }
}
