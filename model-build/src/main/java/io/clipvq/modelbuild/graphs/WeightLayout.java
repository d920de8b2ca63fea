package io.clipvq.modelbuild.graphs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered list of weights one model needs. The trainer's parameters must carry exactly these names and
 * shapes; {@link #check(Map)} says precisely which ones do not.
 */
public final class WeightLayout {
    private final Map<String, WeightSpec> specs;

    private WeightLayout(Map<String, WeightSpec> specs) {
        this.specs = Collections.unmodifiableMap(specs);
    }

    public List<WeightSpec> specs() {
        return List.copyOf(specs.values());
    }

    public WeightSpec spec(String name) {
        WeightSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no weight named '" + name + "' in this layout");
        }
        return spec;
    }

    public long parameterCount() {
        return specs.values().stream().mapToLong(WeightSpec::elementCount).sum();
    }

    /**
     * Verifies that every weight of the layout is present with the right number of values. Extra entries are
     * allowed, so that one state dict (for example a whole VQ-GAN) can feed several graphs.
     *
     * @throws IllegalArgumentException naming every missing or mis-sized weight
     */
    public void check(Map<String, float[]> weights) {
        List<String> problems = new ArrayList<>();
        for (WeightSpec spec : specs.values()) {
            float[] values = weights.get(spec.name());
            if (values == null) {
                problems.add("missing weight '" + spec.name() + "' " + spec);
            } else if (values.length != spec.elementCount()) {
                problems.add("weight '" + spec.name() + "' has " + values.length + " values, expected shape " + spec
                        + " (" + spec.elementCount() + " values)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects weight specs in declaration order; duplicate names are a programming error. */
    public static final class Builder {
        private final Map<String, WeightSpec> specs = new LinkedHashMap<>();

        public Builder add(String name, WeightSpec.Init init, int... shape) {
            if (specs.putIfAbsent(name, new WeightSpec(name, shape, init)) != null) {
                throw new IllegalStateException("weight '" + name + "' declared twice");
            }
            return this;
        }

        public Builder normal(String name, int... shape) {
            return add(name, WeightSpec.Init.NORMAL, shape);
        }

        /** A PyTorch nn.Linear: weight [out, in] and bias [out]. */
        public Builder linear(String prefix, int in, int out, boolean bias) {
            normal(prefix + ".weight", out, in);
            if (bias) {
                normal(prefix + ".bias", out);
            }
            return this;
        }

        /** A PyTorch nn.LayerNorm with affine parameters: weight [width], bias [width]. */
        public Builder layerNorm(String prefix, int width) {
            add(prefix + ".weight", WeightSpec.Init.ONE_PLUS_NORMAL, width);
            return normal(prefix + ".bias", width);
        }

        /** A PyTorch nn.Conv2d with bias: weight [out, in, k, k], bias [out]. */
        public Builder conv(String prefix, int in, int out, int kernel) {
            normal(prefix + ".weight", out, in, kernel, kernel);
            return normal(prefix + ".bias", out);
        }

        public Builder addAll(WeightLayout other) {
            other.specs.values().forEach(s -> add(s.name(), s.init(), s.shape()));
            return this;
        }

        public WeightLayout build() {
            return new WeightLayout(new LinkedHashMap<>(specs));
        }
    }
}
