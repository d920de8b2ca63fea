package io.clipvq.trainer.nn;

import io.clipvq.contracts.Seeds;
import io.clipvq.modelbuild.graphs.WeightLayout;
import io.clipvq.modelbuild.graphs.WeightSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Initial weights for training: biases 0, LayerNorm gains 1, convolutions N(0, 1 / fan_in) (variance-preserving
 * before SiLU), every other weight (Linear, embeddings) N(0, 0.02) as in GPT-style transformers. Seeded per
 * tensor, so the result depends only on the seed and the layout.
 */
public final class Initializer {
    public static final double TRANSFORMER_SCALE = 0.02;

    private Initializer() {
    }

    public static Map<String, float[]> initialWeights(WeightLayout layout, long seed) {
        Map<String, float[]> out = new LinkedHashMap<>();
        List<WeightSpec> specs = layout.specs();
        for (int i = 0; i < specs.size(); i++) {
            WeightSpec spec = specs.get(i);
            float[] values = new float[Math.toIntExact(spec.elementCount())];
            int[] shape = spec.shape();
            if (spec.name().endsWith(".bias")) {
                // zeros
            } else if (spec.init() == WeightSpec.Init.ONE_PLUS_NORMAL) {
                java.util.Arrays.fill(values, 1f);
            } else {
                double scale = shape.length == 4 ? Math.sqrt(1.0 / ((long) shape[1] * shape[2] * shape[3])) : TRANSFORMER_SCALE;
                SplittableRandom random = new SplittableRandom(Seeds.derive(seed, i));
                for (int j = 0; j < values.length; j++) {
                    values[j] = (float) (scale * random.nextGaussian());
                }
            }
            out.put(spec.name(), values);
        }
        return out;
    }
}
