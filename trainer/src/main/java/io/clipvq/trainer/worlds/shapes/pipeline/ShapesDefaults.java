package io.clipvq.trainer.worlds.shapes.pipeline;

/**
 * The generator and sampling settings shared by shapes-bundle and shapes-ablations, written once so that the ablations
 * vary only what they name. Strings because picocli option defaults are annotation constants.
 *
 * <p>Why these values (models/shapes/eval/README.md has the measurements): alpha 0.75 because with this world's small
 * CLIP even correct images score a cosine of only about 0.7 with their prompt (about 45 degrees apart), so the
 * generator must be trained on conditions that far from its exact image embeddings (alpha 0.25 reaches at most 14.5
 * degrees); s = 1 because at s = 3 the extrapolation away from the unconditional prediction broke objects into
 * fragments.
 */
final class ShapesDefaults {
    /** The version the pipeline's bundles are exported with (the ablations' too); bump it when the model changes. */
    static final String BUNDLE_VERSION = "0.4.0";
    static final String BATCH_SIZE = "64";
    static final String LAYERS = "4";
    static final String WIDTH = "128";
    static final String HEADS = "4";
    static final String TIMESTEPS = "50";
    static final String LEARNING_RATE = "1e-3";
    static final String ALPHA = "0.75";
    static final String NULL_PROBABILITY = "0.1";
    static final String EMA_DECAY = "0.995";
    /** The learning rate falls to 0 along a cosine over this last share of the steps (the loss spiked at a constant rate). */
    static final String DECAY_FRACTION = "0.2";
    /**
     * The global gradient norm is clipped to this before each update: the loss divides each sample by its
     * importance-sampled p_t, and a rare small-p_t sample otherwise sent the loss back to its start.
     */
    static final String MAX_GRAD_NORM = "1.0";
    static final String GUIDANCE_SCALE = "1.0";
    static final String TRUNCATION = "0.9";

    private ShapesDefaults() {
    }
}
