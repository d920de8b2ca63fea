package io.clipvq.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Tensors from Java arrays in memory that libtorch allocated. DJL wraps a Java direct buffer instead, whose
 * alignment varies from run to run; MKL picks alignment-dependent kernels, so the same step on the same numbers
 * could round differently and a resumed run would drift from an uninterrupted one. A libtorch-owned copy is
 * always 64-byte aligned.
 */
public final class Tensors {
    private Tensors() {
    }

    public static NDArray owned(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            NDArray owned = wrapped.duplicate();
            owned.attach(manager);
            return owned;
        }
    }

    public static NDArray owned(NDManager manager, long[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            NDArray owned = wrapped.duplicate();
            owned.attach(manager);
            return owned;
        }
    }
}
