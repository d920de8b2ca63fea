package io.clipvq.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipvq.modelbuild.graphs.WeightLayout;
import io.clipvq.modelbuild.graphs.WeightSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainable weights of one model, keyed by the PyTorch-style names of the engine's {@link WeightLayout}, so
 * that export is "hand {@link #toFloatMap()} to model-build's graph builder". The arrays live in their own
 * manager: per-step computations run inside an {@code NDScope} and never own a parameter.
 */
public final class Parameters implements AutoCloseable {
    private final NDManager manager;
    private final WeightLayout layout;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    private Parameters(NDManager manager, WeightLayout layout) {
        this.manager = manager;
        this.layout = layout;
    }

    /** Parameters holding the given values (checked against the layout), ready for gradients. */
    public static Parameters of(NDManager parent, WeightLayout layout, Map<String, float[]> values) {
        layout.check(values);
        Parameters p = new Parameters(parent.newSubManager(), layout);
        for (WeightSpec spec : layout.specs()) {
            NDArray array = Tensors.owned(p.manager, values.get(spec.name()), new Shape(spec.shapeAsLong()));
            array.setRequiresGradient(true);
            p.arrays.put(spec.name(), array);
        }
        return p;
    }

    public NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; known: " + arrays.keySet());
        }
        return array;
    }

    public boolean contains(String name) {
        return arrays.containsKey(name);
    }

    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(arrays.keySet()));
    }

    public WeightLayout layout() {
        return layout;
    }

    public NDManager manager() {
        return manager;
    }

    /** A copy of every weight as flat row-major floats, in layout order. */
    public Map<String, float[]> toFloatMap() {
        Map<String, float[]> out = new LinkedHashMap<>();
        arrays.forEach((name, array) -> out.put(name, array.toFloatArray()));
        return out;
    }

    /** Overwrites every weight in place with the given values (a checkpoint, an EMA copy). */
    public void load(Map<String, float[]> values) {
        layout.check(values);
        arrays.forEach((name, array) -> Tensors.copyInto(array, values.get(name)));
    }

    /** Clears the gradients a backward pass left on these parameters. */
    public void zeroGradients() {
        for (NDArray array : arrays.values()) {
            try (NDArray grad = array.getGradient()) {
                grad.subi(grad);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
