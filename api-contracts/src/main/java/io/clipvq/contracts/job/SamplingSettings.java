package io.clipvq.contracts.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Sampling overrides of a job; a null field means "the model bundle's default".
 *
 * @param steps         denoising steps actually run, 1..1000
 * @param guidanceScale classifier-free guidance scale s, 0..100 (1 = no guidance)
 * @param truncation    truncation r in (0, 1]
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamplingSettings(Integer steps, Double guidanceScale, Double truncation) {

    public static SamplingSettings bundleDefaults() {
        return new SamplingSettings(null, null, null);
    }
}
