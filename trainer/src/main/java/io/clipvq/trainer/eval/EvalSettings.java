package io.clipvq.trainer.eval;

import io.clipvq.engine.GenerationSettings;
import io.clipvq.engine.rerank.RerankPolicy;

/**
 * How one eval run samples: best-of-N settings (null sampling fields mean the bundle's defaults), the run seed and
 * how many prompts go to the engine in one call. Prompt i is generated with seed {@code Seeds.derive(seed, i)}, so
 * its image does not depend on the batching.
 */
public final class EvalSettings {
    private final int candidates;
    private final int keep;
    private final Integer steps;
    private final Double guidanceScale;
    private final Double truncation;
    private final Double conditionNoise;
    private final RerankPolicy rerank;
    private final Double nearDuplicateCosine;
    private final Double scoreMargin;
    private final long seed;
    private final boolean distinctAcrossLines;
    private final int batchPrompts;
    private final int gridImages;

    private EvalSettings(Builder b) {
        this.candidates = b.candidates;
        this.keep = b.keep;
        this.steps = b.steps;
        this.guidanceScale = b.guidanceScale;
        this.truncation = b.truncation;
        this.conditionNoise = b.conditionNoise;
        this.rerank = b.rerank;
        this.nearDuplicateCosine = b.nearDuplicateCosine;
        this.scoreMargin = b.scoreMargin;
        this.seed = b.seed;
        this.distinctAcrossLines = b.distinctAcrossLines;
        this.batchPrompts = b.batchPrompts;
        this.gridImages = b.gridImages;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int candidates() {
        return candidates;
    }

    public int keep() {
        return keep;
    }

    public Integer steps() {
        return steps;
    }

    public Double guidanceScale() {
        return guidanceScale;
    }

    public Double truncation() {
        return truncation;
    }

    /** Condition noise alpha; null = the bundle's default. */
    public Double conditionNoise() {
        return conditionNoise;
    }

    /** Reranking policy; null = the engine's default. */
    public RerankPolicy rerank() {
        return rerank;
    }

    public Double nearDuplicateCosine() {
        return nearDuplicateCosine;
    }

    public Double scoreMargin() {
        return scoreMargin;
    }

    public long seed() {
        return seed;
    }

    /**
     * Whether lines with the same prompt text share their kept images, as the images of one prompt in a bulk shard
     * do: under the distinct reranking no line then repeats an image of an earlier line with that text.
     */
    public boolean distinctAcrossLines() {
        return distinctAcrossLines;
    }

    public int batchPrompts() {
        return batchPrompts;
    }

    /** How many images the sample grids show at most. */
    public int gridImages() {
        return gridImages;
    }

    public GenerationSettings generationSettings() {
        return new GenerationSettings(candidates, keep, steps, guidanceScale, truncation, conditionNoise, rerank,
                nearDuplicateCosine, scoreMargin);
    }

    /** The same settings with another guidance scale and truncation (for a sampling-time sweep). */
    public EvalSettings withSampling(Double guidanceScale, Double truncation) {
        Builder b = toBuilder();
        b.guidanceScale = guidanceScale;
        b.truncation = truncation;
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder().optCandidates(candidates).optKeep(keep).optSeed(seed).optBatchPrompts(batchPrompts)
                .optGridImages(gridImages);
        b.steps = steps;
        b.guidanceScale = guidanceScale;
        b.truncation = truncation;
        b.conditionNoise = conditionNoise;
        b.rerank = rerank;
        b.nearDuplicateCosine = nearDuplicateCosine;
        b.scoreMargin = scoreMargin;
        b.distinctAcrossLines = distinctAcrossLines;
        return b;
    }

    public static final class Builder {
        private int candidates = 16;
        private int keep = 1;
        private Integer steps;
        private Double guidanceScale;
        private Double truncation;
        private Double conditionNoise;
        private RerankPolicy rerank;
        private Double nearDuplicateCosine;
        private Double scoreMargin;
        private long seed;
        private boolean distinctAcrossLines;
        private int batchPrompts = 4;
        private int gridImages = 64;

        private Builder() {
        }

        /** N of best-of-N (default 16). */
        public Builder optCandidates(int candidates) {
            if (candidates < 1) {
                throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
            }
            this.candidates = candidates;
            return this;
        }

        /** Images kept per prompt (default 1); metrics use the best one. */
        public Builder optKeep(int keep) {
            if (keep < 1) {
                throw new IllegalArgumentException("keep must be at least 1, got " + keep);
            }
            this.keep = keep;
            return this;
        }

        /** Denoising steps; null = the bundle's default. */
        public Builder optSteps(Integer steps) {
            if (steps != null && steps < 1) {
                throw new IllegalArgumentException("steps must be at least 1, got " + steps);
            }
            this.steps = steps;
            return this;
        }

        /** Guidance scale s; null = the bundle's default. */
        public Builder optGuidanceScale(Double guidanceScale) {
            if (guidanceScale != null && !(guidanceScale >= 0 && Double.isFinite(guidanceScale))) {
                throw new IllegalArgumentException("guidance scale must be a finite number >= 0, got " + guidanceScale);
            }
            this.guidanceScale = guidanceScale;
            return this;
        }

        /** Truncation r in (0, 1]; null = the bundle's default. */
        public Builder optTruncation(Double truncation) {
            if (truncation != null && !(truncation > 0 && truncation <= 1)) {
                throw new IllegalArgumentException("truncation must lie in (0, 1], got " + truncation);
            }
            this.truncation = truncation;
            return this;
        }

        /** Condition noise alpha in [0, 2]; null = the bundle's default. */
        public Builder optConditionNoise(Double conditionNoise) {
            if (conditionNoise != null && !(conditionNoise >= 0 && conditionNoise <= 2)) {
                throw new IllegalArgumentException("condition noise must lie in [0, 2], got " + conditionNoise);
            }
            this.conditionNoise = conditionNoise;
            return this;
        }

        /** Reranking policy; null = the engine's default. */
        public Builder optRerank(RerankPolicy rerank) {
            this.rerank = rerank;
            return this;
        }

        /** Near-duplicate cosine in (0, 1]; null = the engine's default. */
        public Builder optNearDuplicateCosine(Double cosine) {
            if (cosine != null && !(cosine > 0 && cosine <= 1)) {
                throw new IllegalArgumentException("near-duplicate cosine must lie in (0, 1], got " + cosine);
            }
            this.nearDuplicateCosine = cosine;
            return this;
        }

        /** Under distinct: how far below an image's best candidate a kept one may score; null = no limit. */
        public Builder optScoreMargin(Double margin) {
            if (margin != null && !(margin >= 0)) {
                throw new IllegalArgumentException("score margin must be 0 or more, got " + margin);
            }
            this.scoreMargin = margin;
            return this;
        }

        /** Lines with the same text share their kept images (default false: every line stands alone). */
        public Builder optDistinctAcrossLines(boolean distinctAcrossLines) {
            this.distinctAcrossLines = distinctAcrossLines;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Prompts per engine call (default 4); each call samples batchPrompts x candidates images at once. */
        public Builder optBatchPrompts(int batchPrompts) {
            if (batchPrompts < 1) {
                throw new IllegalArgumentException("batch-prompts must be at least 1, got " + batchPrompts);
            }
            this.batchPrompts = batchPrompts;
            return this;
        }

        public Builder optGridImages(int gridImages) {
            if (gridImages < 1) {
                throw new IllegalArgumentException("grid images must be at least 1, got " + gridImages);
            }
            this.gridImages = gridImages;
            return this;
        }

        public EvalSettings build() {
            if (keep > candidates) {
                throw new IllegalArgumentException("keep (" + keep + ") must not exceed candidates (" + candidates + ")");
            }
            return new EvalSettings(this);
        }
    }
}
