package io.clipvq.modelbuild.onnx;

import io.clipvq.modelbuild.onnx.proto.OnnxIr.ModelProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.TensorProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.TensorShapeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.ValueInfoProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ONNX model read from a file, with what an importer asks of it: its graph inputs and outputs as name, element
 * type and shape. Models whose weights lie in external data files are refused: the importer rewrites only the graph
 * and would lose them.
 */
public final class OnnxModelFile {

    /** One graph input or output: its name, ONNX element type code, and dimensions (-1 for a symbolic one). */
    public record Tensor(String name, int elementType, long[] dims) {

        public boolean hasFixedDim(int axis) {
            return axis < dims.length && dims[axis] >= 0;
        }

        /** "input_ids int64 [?, 77]" */
        public String describe() {
            StringBuilder text = new StringBuilder(name).append(' ').append(typeName(elementType)).append(" [");
            for (int i = 0; i < dims.length; i++) {
                text.append(i == 0 ? "" : ", ").append(dims[i] < 0 ? "?" : Long.toString(dims[i]));
            }
            return text.append(']').toString();
        }
    }

    private final Path file;
    private final ModelProto model;

    private OnnxModelFile(Path file, ModelProto model) {
        this.file = file;
        this.model = model;
    }

    /** Reads and parses {@code file}; an unreadable file or one that is not an ONNX model is refused, naming it. */
    public static OnnxModelFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = ModelProto.parseFrom(in);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(file + " is not an ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new IllegalArgumentException(file + " is not an ONNX model: it has no graph");
        }
        for (TensorProto initializer : model.getGraph().getInitializerList()) {
            if (isExternal(initializer)) {
                throw new IllegalArgumentException(file + " keeps its weights in external data files (initializer '"
                        + initializer.getName() + "'); save it as one file (onnx.save_model(..., "
                        + "save_as_external_data=False)) to import it");
            }
        }
        return new OnnxModelFile(file, model);
    }

    /**
     * TensorProto.data_location (field 14) = EXTERNAL (1). The project's ONNX schema leaves the field out (it never
     * writes it); protobuf keeps it among the unknown fields, so it is read there.
     */
    private static boolean isExternal(TensorProto tensor) {
        var location = tensor.getUnknownFields().getField(14);
        return location != null && location.getVarintList().contains(1L);
    }

    public Path file() {
        return file;
    }

    public ModelProto model() {
        return model;
    }

    /** The graph inputs that are not initializers (older exporters list weights as inputs too). */
    public List<Tensor> inputs() {
        java.util.Set<String> weights = new java.util.HashSet<>();
        model.getGraph().getInitializerList().forEach(initializer -> weights.add(initializer.getName()));
        List<Tensor> inputs = new ArrayList<>();
        for (ValueInfoProto input : model.getGraph().getInputList()) {
            if (!weights.contains(input.getName())) {
                inputs.add(tensor(input));
            }
        }
        return inputs;
    }

    public List<Tensor> outputs() {
        return model.getGraph().getOutputList().stream().map(OnnxModelFile::tensor).toList();
    }

    public Optional<Tensor> input(String name) {
        return inputs().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<Tensor> output(String name) {
        return outputs().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** "input_ids int64 [?, 77], attention_mask int64 [?, 77]" */
    public static String describe(List<Tensor> tensors) {
        return tensors.isEmpty() ? "none" : String.join(", ", tensors.stream().map(Tensor::describe).toList());
    }

    static Tensor tensor(ValueInfoProto value) {
        if (!value.getType().hasTensorType()) {
            return new Tensor(value.getName(), 0, new long[0]);
        }
        var tensorType = value.getType().getTensorType();
        List<TensorShapeProto.Dimension> shape = tensorType.getShape().getDimList();
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).hasDimValue() ? shape.get(i).getDimValue() : -1;
        }
        return new Tensor(value.getName(), tensorType.getElemType(), dims);
    }

    public static String typeName(int elementType) {
        for (OnnxType type : OnnxType.values()) {
            if (type.code() == elementType) {
                return type.name().toLowerCase(java.util.Locale.ROOT);
            }
        }
        TensorProto.DataType dataType = TensorProto.DataType.forNumber(elementType);
        return dataType == null ? "type " + elementType : dataType.name().toLowerCase(java.util.Locale.ROOT);
    }
}
