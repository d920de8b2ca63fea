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

    public SamplingSettings settings() {
        return new SamplingSettings(steps, guidance, truncation);
    }
}
