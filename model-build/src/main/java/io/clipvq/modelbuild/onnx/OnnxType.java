package io.clipvq.modelbuild.onnx;

import io.clipvq.modelbuild.onnx.proto.OnnxIr.TensorProto.DataType;

/** The tensor element types clipvq's graphs use, with their ONNX {@code TensorProto.DataType} codes. */
public enum OnnxType {
    FLOAT(DataType.FLOAT),
    DOUBLE(DataType.DOUBLE),
    INT64(DataType.INT64),
    INT32(DataType.INT32),
    UINT8(DataType.UINT8),
    INT8(DataType.INT8),
    BOOL(DataType.BOOL);

    private final DataType dataType;

    OnnxType(DataType dataType) {
        this.dataType = dataType;
    }

    /** The element type code as stored in TensorProto.data_type and TypeProto.Tensor.elem_type. */
    public int code() {
        return dataType.getNumber();
    }

    DataType dataType() {
        return dataType;
    }
}
