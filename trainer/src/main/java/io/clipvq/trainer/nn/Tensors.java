package io.clipvq.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The one door through which Java numbers enter libtorch in the trainer. Every tensor it returns lives in memory
 * that libtorch allocated and reference-counts, so it stays valid for as long as any tensor, view or autograd
 * node holds it, whatever happens to the Java object.
 *
 * <p>Why this class exists (docs/training-memory.md): DJL's {@code NDManager.create(float[] ...)},
 * {@code NDArray.set(float[])} and every {@code NDArray} operation taking a {@code Number} ({@code x.mul(0.5f)},
 * {@code x.maximum(0f)}, ...) hand libtorch a tensor over a Java direct buffer without copying it. The
 * {@code Number} operations close that scalar as soon as they return, yet PyTorch's autograd keeps it to compute
 * the backward pass (the gradient of {@code x * s} is {@code grad * s}). When the garbage collector frees the
 * buffer in between, backward reads freed memory: gradients of 1e19, infinity or NaN at random steps. The
 * trainer therefore never calls those DJL methods outside this class ({@code TensorMemoryRulesTest} checks the
 * bytecode); it uses {@link #scalar} and {@link #owned} instead.
 *
 * <p>Owned copies are also always 64-byte aligned, where a Java direct buffer's alignment varies from run to
 * run; MKL picks alignment-dependent kernels, so aliasing Java memory would make rounding differ between runs.
 */
public final class Tensors {
    private Tensors() {
    }

    /** A libtorch-owned copy of {@code values} with the given shape, attached to {@code manager}. */
    public static NDArray owned(NDManager manager, float[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return ownedCopy(manager, wrapped);
        }
    }

    /** A libtorch-owned int64 copy of {@code values} with the given shape, attached to {@code manager}. */
    public static NDArray owned(NDManager manager, long[] values, Shape shape) {
        try (NDArray wrapped = manager.create(values, shape)) {
            return ownedCopy(manager, wrapped);
        }
    }

    /** A libtorch-owned 1-d int64 copy of {@code values}. */
    public static NDArray owned(NDManager manager, long[] values) {
        return owned(manager, values, new Shape(values.length));
    }

    /**
     * A 0-d tensor holding {@code value} in {@code like}'s data type, on its manager, in libtorch's memory: the
     * operand to use wherever DJL offers an overload taking a {@code Number}. It joins the current
     * {@code NDScope}, so call it inside one.
     */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /**
     * Overwrites {@code target} in place with {@code values} (a checkpoint, an EMA copy). The target keeps its own
     * storage, its identity and its gradient flag; {@code NDArray.set(float[])} would instead make it alias a
     * Java buffer.
     */
    public static void copyInto(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException("cannot copy " + values.length + " values into a tensor of shape "
                    + target.getShape());
        }
        try (NDArray source = owned(target.getManager(), values, target.getShape())) {
            target.set(new NDIndex("..."), source);
        }
    }

    private static NDArray ownedCopy(NDManager manager, NDArray wrapped) {
        NDArray owned = wrapped.duplicate();
        owned.attach(manager);
        return owned;
    }
}
