package io.clipvq.client.options;

import io.clipvq.contracts.job.SamplingSettings;
import picocli.CommandLine.Option;

/** The sampler settings a job or bulk job may override; unset ones take the bundle's defaults. */
public class SamplingOptions {

    @Option(names = "--steps", description = "denoising steps (default: the bundle's)")
    Integer steps;

    @Option(names = "--guidance", description = "classifier-free guidance scale (default: the bundle's)")
    Double guidance;

    @Option(names = "--truncation", description = "truncation r in (0, 1] (default: the bundle's)")
    Double truncation;

    @Option(names = "--condition-noise", paramLabel = "ALPHA",
            description = "pseudo-text noise added to the prompt per candidate, 0..2; more spread in what the prompt"
                    + " leaves open (default: the bundle's)")
    Double conditionNoise;

    @Option(names = "--rerank", paramLabel = "POLICY", description = "distinct (default: never keep two identical"
            + " images of one prompt) or best (top CLIP scores, duplicates included)")
    String rerank;

    @Option(names = "--near-duplicate-cosine", paramLabel = "C", description = "with distinct: also skip candidates"
            + " whose CLIP image cosine with a kept image of the prompt is at least C, in (0, 1] (default 1: identical"
            + " images only)")
    Double nearDuplicateCosine;

    @Option(names = "--score-margin", paramLabel = "M", description = "with distinct: keep no image whose CLIP score"
            + " is more than M below the best candidate drawn for it, 0..2 (default: no limit)")
    Double scoreMargin;

    public SamplingSettings settings() {
        return new SamplingSettings(steps, guidance, truncation, conditionNoise, rerank, nearDuplicateCosine,
                scoreMargin);
    }
}
