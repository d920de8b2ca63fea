package io.clipvq.contracts.bundle;

import java.util.List;

/** Name, element type and shape of one input or output of an ONNX file in the bundle. */
public record TensorSpec(String name, ElementType type, List<Dim> shape) {
    public TensorSpec {
        shape = List.copyOf(shape);
    }

    /** Shape with the batch first; {@code dims} are the fixed sizes after it. */
    static TensorSpec batched(String name, ElementType type, long... dims) {
        Dim[] shape = new Dim[dims.length + 1];
        shape[0] = Dim.BATCH;
        for (int i = 0; i < dims.length; i++) {
            shape[i + 1] = Dim.of(dims[i]);
        }
        return new TensorSpec(name, type, List.of(shape));
    }

    @Override
    public String toString() {
        return name + " " + type.name().toLowerCase() + " " + shape;
    }
}
