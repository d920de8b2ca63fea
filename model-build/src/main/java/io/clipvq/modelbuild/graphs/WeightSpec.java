package io.clipvq.modelbuild.graphs;

import java.util.Arrays;

/**
 * One named weight of a model: its PyTorch-style name, its shape (PyTorch layout, e.g. Linear weights are
 * [out, in], Conv weights [out, in, kh, kw]) and how a freshly made (untrained) model initialises it.
 */
public record WeightSpec(String name, int[] shape, Init init) {

    /** How {@link RandomWeights} fills a weight. */
    public enum Init {
        /** Gaussian noise with the requested scale (weights, embeddings, biases). */
        NORMAL,
        /** 1 plus Gaussian noise with the requested scale (LayerNorm gains, so random models stay well scaled). */
        ONE_PLUS_NORMAL
    }

    public WeightSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("weight name must not be blank");
        }
        shape = shape.clone();
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("weight '" + name + "' has a non-positive dimension in " + Arrays.toString(shape));
            }
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public long[] shapeAsLong() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightSpec w && w.name.equals(name) && Arrays.equals(w.shape, shape) && w.init == init;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
