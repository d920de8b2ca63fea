package io.clipvq.trainer.worlds.shapes.pipeline;

/** What only the Shapes pipeline fixes; the generator settings are {@link io.clipvq.trainer.pipeline.GeneratorDefaults}. */
final class ShapesDefaults {
    /** The version the pipeline's bundles are exported with; bump it when the model changes. */
    static final String BUNDLE_VERSION = "0.5.0";

    private ShapesDefaults() {
    }
}
