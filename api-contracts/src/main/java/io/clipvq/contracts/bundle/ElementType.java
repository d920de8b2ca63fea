package io.clipvq.contracts.bundle;

/** Element types of the tensors that cross the bundle's ONNX interfaces. */
public enum ElementType {
    FLOAT,
    INT64
}
