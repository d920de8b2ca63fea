package io.clipvq.trainer.pipeline;

/**
 * The generator and sampling settings every world pipeline (shapes-bundle, fashion-mnist-bundle) and the ablations
 * start from, written once so that an ablation varies only what it names. Strings because picocli option defaults
 * are annotation constants.
 *
 * <p>Why these values (the measurements are in models/shapes/eval/README.md): alpha 0.75 because with the worlds'
 * small CLIPs even correct images score a cosine of only about 0.7 with their prompt (about 45 degrees apart), so
 * the generator must be trained on conditions that far from its exact image embeddings (alpha 0.25 reaches at most
 * 14.5 degrees); s = 1 because at s = 3 the extrapolation away from the unconditional prediction broke Shapes objects
 * into fragments.
 */
public final class GeneratorDefaults {
    public static final String BATCH_SIZE = "64";
    public static final String LAYERS = "4";
    public static final String WIDTH = "128";
    public static final String HEADS = "4";
    public static final String TIMESTEPS = "50";
    public static final String LEARNING_RATE = "1e-3";
    public static final String ALPHA = "0.75";
    public static final String NULL_PROBABILITY = "0.1";
    public static final String EMA_DECAY = "0.995";
    /** The learning rate falls to 0 along a cosine over this last share of the steps (the loss spiked at a constant rate). */
    public static final String DECAY_FRACTION = "0.2";
    /**
     * The global gradient norm is clipped to this before each update: the loss divides each sample by its
     * importance-sampled p_t, and a rare small-p_t sample otherwise sent the loss back to its start.
     */
    public static final String MAX_GRAD_NORM = "1.0";
    public static final String GUIDANCE_SCALE = "1.0";
    public static final String TRUNCATION = "0.9";
    public static final String CANDIDATES = "16";

    private GeneratorDefaults() {
    }
}
