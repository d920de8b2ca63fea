package io.clipvq.contracts;

/**
 * The thresholds of the diversity measures (docs/method.md#diversity), shared by the eval report, the diversity
 * bench and bulk synthesis's progress and manifest, so that their figures mean the same.
 */
public final class DiversityMeasures {
    private DiversityMeasures() {
    }

    /**
     * Cosine of two CLIP image embeddings at or above which the later image counts as a near duplicate of the
     * earlier one in the near-distinct measure (not a reranking setting: that is a job's nearDuplicateCosine).
     */
    public static final double NEAR_DISTINCT_COSINE = 0.99;
}
