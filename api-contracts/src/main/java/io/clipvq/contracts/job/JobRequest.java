package io.clipvq.contracts.job;

import io.clipvq.contracts.Seeds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request to generate images for one or more prompts (schema: /schemas/job-request.schema.json).
 * Instances are complete: the codec fills the defaults, so every field is set except {@code sampling}'s
 * members, which may be null to mean the bundle's default.
 *
 * @param schemaVersion       {@link JobDefaults#SCHEMA_VERSION}
 * @param jobId               chosen by the client; the idempotency key (same id = same job, processed once)
 * @param prompts             1..{@link JobDefaults#MAX_PROMPTS} prompt texts
 * @param candidatesPerPrompt N of best-of-N, 1..64
 * @param keepPerPrompt       k best candidates kept per prompt, 1..N
 * @param seed                job seed; prompt p uses {@code Seeds.derive(seed, p)}
 * @param sampling            sampling overrides (members null = bundle default)
 * @param model               the bundle the job must run on
 * @param outputPrefix        object-key prefix under which the job's images are written
 */
public record JobRequest(int schemaVersion, String jobId, List<String> prompts, int candidatesPerPrompt,
                         int keepPerPrompt, long seed, SamplingSettings sampling, ModelRef model,
                         String outputPrefix) {

    public JobRequest {
        prompts = List.copyOf(prompts);
        sampling = sampling == null ? SamplingSettings.bundleDefaults() : sampling;
    }

    /** The seed of prompt {@code promptIndex}; candidate c then uses {@code Seeds.derive(promptSeed, c)}. */
    public long promptSeed(int promptIndex) {
        return Seeds.derive(seed, promptIndex);
    }

    /** How many images the job writes when it completes. */
    public int imagesExpected() {
        return prompts.size() * keepPerPrompt;
    }

    /** The seed used when a request gives none: a function of the job id, so redelivery reproduces it. */
    public static long defaultSeedFor(String jobId) {
        long hash = 0xcbf29ce484222325L; // FNV-1a 64
        for (byte b : jobId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x100000001b3L;
        }
        return Seeds.derive(hash, 0);
    }

    public static Builder builder(String jobId, ModelRef model) {
        return new Builder(jobId, model);
    }

    /** Builds a request with the defaults filled in; {@link #build()} validates it. */
    public static final class Builder {
        private final String jobId;
        private final ModelRef model;
        private final List<String> prompts = new ArrayList<>();
        private int candidatesPerPrompt = JobDefaults.DEFAULT_CANDIDATES_PER_PROMPT;
        private int keepPerPrompt = JobDefaults.DEFAULT_KEEP_PER_PROMPT;
        private Long seed;
        private SamplingSettings sampling = SamplingSettings.bundleDefaults();
        private String outputPrefix = JobDefaults.DEFAULT_OUTPUT_PREFIX;

        private Builder(String jobId, ModelRef model) {
            this.jobId = jobId;
            this.model = model;
        }

        public Builder addPrompt(String prompt) {
            prompts.add(prompt);
            return this;
        }

        public Builder addPrompts(List<String> more) {
            prompts.addAll(more);
            return this;
        }

        public Builder optCandidatesPerPrompt(int candidates) {
            this.candidatesPerPrompt = candidates;
            return this;
        }

        public Builder optKeepPerPrompt(int keep) {
            this.keepPerPrompt = keep;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optSampling(SamplingSettings sampling) {
            this.sampling = Objects.requireNonNull(sampling, "sampling");
            return this;
        }

        public Builder optOutputPrefix(String outputPrefix) {
            this.outputPrefix = outputPrefix;
            return this;
        }

        /** @throws InvalidJobMessageException naming every field that breaks a rule */
        public JobRequest build() {
            JobRequest request = new JobRequest(JobDefaults.SCHEMA_VERSION, jobId, prompts, candidatesPerPrompt,
                    keepPerPrompt, seed == null ? defaultSeedFor(jobId == null ? "" : jobId) : seed, sampling,
                    model, outputPrefix);
            JobRequestValidator.requireValid(request);
            return request;
        }
    }
}
