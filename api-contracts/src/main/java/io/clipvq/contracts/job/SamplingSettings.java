package io.clipvq.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Sampling overrides of a job; a null field means "the model bundle's default".
 *
 * @param steps         denoising steps actually run, 1..1000
 * @param guidanceScale classifier-free guidance scale s, 0..100 (1 = no guidance)
 * @param truncation    truncation r in (0, 1]
 * @param conditionNoise pseudo-text noise alpha added to the prompt's embedding per candidate, 0..2 (0 = none)
 * @param rerank        how kept images are chosen among the candidates: one of {@link #RERANK_POLICIES}
 *                      ("distinct", the worker's default, never keeps two identical images of one prompt;
 *                      "best" keeps the top CLIP scores, duplicates included)
 * @param nearDuplicateCosine under "distinct": a candidate whose CLIP image embedding has at least this cosine
 *                      with an image already kept for the prompt is a near duplicate, in (0, 1] (1 = only identical
 *                      images count)
 * @param scoreMargin   under "distinct": a kept image's CLIP score is at most this far below the best candidate
 *                      drawn for it, 0..2 (absent = no limit); keeps distinctness from costing the prompt's named
 *                      attributes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamplingSettings(Integer steps, Double guidanceScale, Double truncation, Double conditionNoise,
                               String rerank, Double nearDuplicateCosine, Double scoreMargin) {

    /** The accepted values of {@code rerank}, as on the wire. */
    public static final List<String> RERANK_POLICIES = List.of("best", "distinct");

    /** Overrides of the three diffusion settings only. */
    public SamplingSettings(Integer steps, Double guidanceScale, Double truncation) {
        this(steps, guidanceScale, truncation, null, null, null, null);
    }

    public static SamplingSettings bundleDefaults() {
        return new SamplingSettings(null, null, null);
    }
}
