package io.clipvq.trainer.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.clipvq.modelbuild.graphs.ClipImageTowerSpec;
import io.clipvq.modelbuild.graphs.ClipTextSpec;
import io.clipvq.modelbuild.graphs.WeightLayout;
import io.clipvq.trainer.nn.Initializer;
import io.clipvq.trainer.nn.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Both CLIP towers and CLIP's learned logit scale in one set of parameters: {@code text.*} and {@code visual.*}
 * named as the engine's specs, plus {@value #LOGIT_SCALE} (a log temperature, kept out of the exported graphs,
 * which return unnormalised embeddings).
 */
public final class ClipModel implements AutoCloseable {
    public static final String LOGIT_SCALE = "logit_scale";
    /** CLIP's initial temperature 0.07. */
    public static final float INITIAL_LOGIT_SCALE = (float) Math.log(1 / 0.07);

    private final ClipTextSpec textSpec;
    private final ClipImageTowerSpec imageSpec;
    private final Parameters params;
    private final ClipTextTower text;
    private final ClipImageTower image;

    private ClipModel(ClipTextSpec textSpec, ClipImageTowerSpec imageSpec, Parameters params) {
        if (textSpec.embedDim() != imageSpec.embedDim()) {
            throw new IllegalArgumentException("the text tower embeds to D=" + textSpec.embedDim()
                    + " but the image tower to D=" + imageSpec.embedDim());
        }
        this.textSpec = textSpec;
        this.imageSpec = imageSpec;
        this.params = params;
        this.text = new ClipTextTower(textSpec, params);
        this.image = new ClipImageTower(imageSpec, params);
    }

    /** Every weight of the model: the text layout, the image layout, and the logit scale [1]. */
    public static WeightLayout layout(ClipTextSpec textSpec, ClipImageTowerSpec imageSpec) {
        return WeightLayout.builder().addAll(textSpec.layout()).addAll(imageSpec.layout()).normal(LOGIT_SCALE, 1).build();
    }

    /** A freshly initialised model (the trainer's {@link Initializer}, logit scale log(1 / 0.07)). */
    public static ClipModel initial(NDManager manager, ClipTextSpec textSpec, ClipImageTowerSpec imageSpec, long seed) {
        Map<String, float[]> values = Initializer.initialWeights(layout(textSpec, imageSpec), seed);
        values.put(LOGIT_SCALE, new float[] {INITIAL_LOGIT_SCALE});
        return of(manager, textSpec, imageSpec, values);
    }

    /** A model holding the given weights (checked against {@link #layout}). */
    public static ClipModel of(NDManager manager, ClipTextSpec textSpec, ClipImageTowerSpec imageSpec, Map<String, float[]> values) {
        return new ClipModel(textSpec, imageSpec, Parameters.of(manager, layout(textSpec, imageSpec), values));
    }

    public ClipTextTower text() {
        return text;
    }

    public ClipImageTower image() {
        return image;
    }

    public ClipTextSpec textSpec() {
        return textSpec;
    }

    public ClipImageTowerSpec imageSpec() {
        return imageSpec;
    }

    public Parameters params() {
        return params;
    }

    public NDArray logitScale() {
        return params.get(LOGIT_SCALE);
    }

    /** The weights of the two exported graphs (every name of both specs, without the logit scale). */
    public Map<String, float[]> exportWeights() {
        Map<String, float[]> out = new LinkedHashMap<>(params.toFloatMap());
        out.remove(LOGIT_SCALE);
        return out;
    }

    @Override
    public void close() {
        params.close();
    }
}
