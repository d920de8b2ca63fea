package io.clipvq.contracts.bulk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clipvq.contracts.Seeds;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.SamplingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One request for a whole data set (schema: /schemas/bulk-request.schema.json), on topic
 * {@link io.clipvq.contracts.job.Topics#BULK_REQUESTS} keyed by job id. The codec fills the defaults, so every
 * field is set except one of {@code prompts} / {@code promptsObject} and the members of {@code sampling}.
 *
 * <p>Image {@code i} of the job (0 &le; i &lt; promptCount &times; imagesPerPrompt) belongs to prompt
 * {@code i / imagesPerPrompt} (repeat {@code i % imagesPerPrompt}) and is the best of {@code candidatesPerImage}
 * candidates drawn from the prompt seed {@code Seeds.derive(seedBase, i)} (further rounds from the next candidate
 * seeds when the "distinct" reranking finds every candidate taken by an earlier image of the prompt in the shard):
 * a function of the request and i only, so a re-run shard reproduces the same bytes.
 *
 * @param schemaVersion      {@link BulkDefaults#SCHEMA_VERSION}
 * @param jobId              chosen by the client; the idempotency key
 * @param prompts            inline prompts (1..{@link BulkDefaults#MAX_INLINE_PROMPTS}), or null with promptsObject
 * @param promptsObject      key of an object in the worker's bucket: a text file with one prompt per line, or
 *                           JSONL (a name ending in .jsonl) with a "prompt" field per record; null with prompts
 * @param imagesPerPrompt    images generated for each prompt
 * @param candidatesPerImage N of best-of-N for each image, 1..64 (default 16)
 * @param seedBase           image i uses {@code Seeds.derive(seedBase, i)} as its prompt seed
 * @param sampling           sampling overrides (members null = bundle default)
 * @param model              the bundle the job must run on
 * @param outputPrefix       object-key prefix; the job writes under {@code <outputPrefix>/<jobId>/}
 * @param layout             how image keys are formed under the job's prefix
 * @param shardSize          images per shard, 1..{@link BulkDefaults#MAX_SHARD_SIZE}
 * @param tarShards          also write each shard as a WebDataset-style tar (PNG + JSON per sample)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkRequest(int schemaVersion, String jobId, List<String> prompts, String promptsObject,
                          int imagesPerPrompt, int candidatesPerImage, long seedBase, SamplingSettings sampling,
                          ModelRef model, String outputPrefix, BulkLayout layout, int shardSize,
                          boolean tarShards) {

    public BulkRequest {
        prompts = prompts == null ? null : List.copyOf(prompts);
        sampling = sampling == null ? SamplingSettings.bundleDefaults() : sampling;
        layout = layout == null ? BulkLayout.FLAT : layout;
    }

    /** The prompt seed of image {@code imageIndex}; its candidate c uses {@code Seeds.derive(promptSeed, c)}. */
    public long imageSeed(long imageIndex) {
        return Seeds.derive(seedBase, imageIndex);
    }

    public long promptIndexOf(long imageIndex) {
        return imageIndex / imagesPerPrompt;
    }

    public long repeatOf(long imageIndex) {
        return imageIndex % imagesPerPrompt;
    }

    /** Images of the job once the prompt count is known (inline: now; object: when the planner has read it). */
    public long totalImages(long promptCount) {
        return promptCount * imagesPerPrompt;
    }

    public boolean hasInlinePrompts() {
        return prompts != null;
    }

    public static Builder builder(String jobId, ModelRef model) {
        return new Builder(jobId, model);
    }

    /** Builds a request with the defaults filled in; {@link #build()} validates it. */
    public static final class Builder {
        private final String jobId;
        private final ModelRef model;
        private List<String> prompts;
        private String promptsObject;
        private int imagesPerPrompt = BulkDefaults.DEFAULT_IMAGES_PER_PROMPT;
        private int candidatesPerImage = BulkDefaults.DEFAULT_CANDIDATES_PER_IMAGE;
        private Long seedBase;
        private SamplingSettings sampling = SamplingSettings.bundleDefaults();
        private String outputPrefix = BulkDefaults.DEFAULT_OUTPUT_PREFIX;
        private BulkLayout layout = BulkLayout.FLAT;
        private int shardSize = BulkDefaults.DEFAULT_SHARD_SIZE;
        private boolean tarShards;

        private Builder(String jobId, ModelRef model) {
            this.jobId = jobId;
            this.model = model;
        }

        public Builder addPrompts(List<String> more) {
            if (prompts == null) {
                prompts = new ArrayList<>();
            }
            prompts.addAll(more);
            return this;
        }

        public Builder optPromptsObject(String key) {
            this.promptsObject = key;
            return this;
        }

        public Builder optImagesPerPrompt(int images) {
            this.imagesPerPrompt = images;
            return this;
        }

        public Builder optCandidatesPerImage(int candidates) {
            this.candidatesPerImage = candidates;
            return this;
        }

        public Builder optSeedBase(long seedBase) {
            this.seedBase = seedBase;
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

        public Builder optLayout(BulkLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        public Builder optShardSize(int shardSize) {
            this.shardSize = shardSize;
            return this;
        }

        public Builder optTarShards(boolean tarShards) {
            this.tarShards = tarShards;
            return this;
        }

        /** @throws io.clipvq.contracts.job.InvalidJobMessageException naming every field that breaks a rule */
        public BulkRequest build() {
            BulkRequest request = new BulkRequest(BulkDefaults.SCHEMA_VERSION, jobId, prompts, promptsObject,
                    imagesPerPrompt, candidatesPerImage,
                    seedBase == null ? JobRequest.defaultSeedFor(jobId == null ? "" : jobId) : seedBase, sampling,
                    model, outputPrefix, layout, shardSize, tarShards);
            BulkValidator.requireValid(request);
            return request;
        }
    }
}
