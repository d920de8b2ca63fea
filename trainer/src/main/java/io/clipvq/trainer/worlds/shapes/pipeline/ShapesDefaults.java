package io.clipvq.trainer.worlds.shapes.pipeline;

/** What only the Shapes pipeline fixes; the generator settings are {@link io.clipvq.trainer.pipeline.GeneratorDefaults}. */
final class ShapesDefaults {
    /** The version the pipeline's bundles are exported with; bump it when the model changes. */
    static final String BUNDLE_VERSION = "0.5.1";

    /**
     * The distinct reranking's defaults written into the bundle: with them a 200-image bulk job of one prompt meets
     * the diversity targets on both measured prompts (models/shapes/eval/diversity/README.md, "Score margin").
     */
    static final double NEAR_DUPLICATE_COSINE = 0.99;
    static final double SCORE_MARGIN = 0.02;

    private ShapesDefaults() {
    }
}
