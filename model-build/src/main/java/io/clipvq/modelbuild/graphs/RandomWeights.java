package io.clipvq.modelbuild.graphs;

import io.clipvq.contracts.Seeds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded random weights for a {@link WeightLayout}: for bundles with untrained models (tests, benchmarks).
 * Each tensor draws from its own stream, {@code Seeds.derive(seed, index)}, so tensors are generated in
 * parallel and the result does not depend on the thread count.
 */
public final class RandomWeights {
    /** The usual initialisation scale of transformer weights. */
    public static final double DEFAULT_SCALE = 0.02;

    private RandomWeights() {
    }

    public static Map<String, float[]> generate(WeightLayout layout, long seed, double scale) {
        List<WeightSpec> specs = layout.specs();
        float[][] values = new float[specs.size()][];
        IntStream.range(0, specs.size()).parallel().forEach(i -> values[i] = fill(specs.get(i), Seeds.derive(seed, i), scale));
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            weights.put(specs.get(i).name(), values[i]);
        }
        return weights;
    }

    private static float[] fill(WeightSpec spec, long seed, double scale) {
        long count = spec.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("weight " + spec + " is too large for one Java array");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float offset = spec.init() == WeightSpec.Init.ONE_PLUS_NORMAL ? 1f : 0f;
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = offset + (float) (scale * random.nextGaussian());
        }
        return values;
    }
}
