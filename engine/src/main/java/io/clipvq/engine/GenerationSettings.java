package io.clipvq.engine;

import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.job.SamplingSettings;
import io.clipvq.engine.rerank.RerankPolicy;

/**
 * Settings for one best-of-N generation call. Null fields mean "use the default": the bundle's manifest for the
 * sampling fields and the reranking thresholds (then {@link #DEFAULT_NEAR_DUPLICATE_COSINE} and no score margin when
 * the manifest does not say), {@link #DEFAULT_RERANK} for the policy.
 *
 * @param candidates          N, candidates sampled per prompt (best-of-N)
 * @param keep                k, how many of the best candidates are returned per prompt
 * @param steps               number of denoising steps actually run (T / steps is the skip), null = bundle default
 * @param guidanceScale       classifier-free guidance scale s (1 = no guidance), null = bundle default
 * @param truncation          truncation r in (0, 1], null = bundle default
 * @param conditionNoise      pseudo-text noise alpha applied to the prompt's embedding per candidate
 *                            (docs/method.md#condition-noise-at-sampling), 0 = none, null = bundle default
 * @param rerank              how kept images are chosen among the candidates, null = {@link #DEFAULT_RERANK}
 * @param nearDuplicateCosine under {@link RerankPolicy#DISTINCT}: a candidate whose CLIP image embedding has at least
 *                            this cosine with an image already kept for the prompt is a near duplicate; 1 = only
 *                            byte-identical images count; null = the bundle's default
 * @param scoreMargin         under {@link RerankPolicy#DISTINCT}: a kept candidate's CLIP score is at most this far
 *                            below the best candidate drawn for its image; null = the bundle's default
 */
public record GenerationSettings(int candidates, int keep, Integer steps, Double guidanceScale, Double truncation,
                                 Double conditionNoise, RerankPolicy rerank, Double nearDuplicateCosine,
                                 Double scoreMargin) {

    /** Never keep two identical images of one prompt: see docs/method.md#best-of-n-clip-reranking. */
    public static final RerankPolicy DEFAULT_RERANK = RerankPolicy.DISTINCT;

    /** Only byte-identical images count as duplicates unless the job or the bundle sets a threshold. */
    public static final double DEFAULT_NEAR_DUPLICATE_COSINE = 1.0;

    /** Settings with the bundle's condition noise and the default reranking. */
    public GenerationSettings(int candidates, int keep, Integer steps, Double guidanceScale, Double truncation) {
        this(candidates, keep, steps, guidanceScale, truncation, null, null, null, null);
    }

    /** The settings a job's sampling overrides ask for (the one mapping from the message contract to the engine). */
    public static GenerationSettings of(SamplingSettings sampling, int candidates, int keep) {
        return new GenerationSettings(candidates, keep, sampling.steps(), sampling.guidanceScale(),
                sampling.truncation(), sampling.conditionNoise(),
                sampling.rerank() == null ? null : RerankPolicy.fromWireName(sampling.rerank()),
                sampling.nearDuplicateCosine(), sampling.scoreMargin());
    }

    public RerankPolicy rerankOrDefault() {
        return rerank != null ? rerank : DEFAULT_RERANK;
    }

    /** The near-duplicate threshold in force: this call's, else the bundle's, else {@value #DEFAULT_NEAR_DUPLICATE_COSINE}. */
    public double nearDuplicateCosineOr(BundleManifest.Sampling bundleDefaults) {
        if (nearDuplicateCosine != null) {
            return nearDuplicateCosine;
        }
        return bundleDefaults.nearDuplicateCosine() != null ? bundleDefaults.nearDuplicateCosine()
                : DEFAULT_NEAR_DUPLICATE_COSINE;
    }

    /** The score margin in force: this call's, else the bundle's, else none ({@link Double#POSITIVE_INFINITY}). */
    public double scoreMarginOr(BundleManifest.Sampling bundleDefaults) {
        if (scoreMargin != null) {
            return scoreMargin;
        }
        return bundleDefaults.scoreMargin() != null ? bundleDefaults.scoreMargin() : Double.POSITIVE_INFINITY;
    }
}
