package io.clipvq.engine;

/**
 * Settings for one best-of-N generation call. Null sampling fields mean "use the bundle's default".
 *
 * @param candidates     N, candidates sampled per prompt (best-of-N)
 * @param keep           k, how many of the best candidates are returned per prompt
 * @param steps          number of denoising steps actually run (T / steps is the skip), null = bundle default
 * @param guidanceScale  classifier-free guidance scale s (1 = no guidance), null = bundle default
 * @param truncation     truncation r in (0, 1], null = bundle default
 */
public record GenerationSettings(int candidates, int keep, Integer steps, Double guidanceScale, Double truncation) {
}
