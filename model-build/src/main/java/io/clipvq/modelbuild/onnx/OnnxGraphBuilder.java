package io.clipvq.modelbuild.onnx;

import com.google.protobuf.ByteString;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.AttributeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.GraphProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.ModelProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.NodeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.OperatorSetIdProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.TensorProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.TensorShapeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.TypeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
  * Writes an ONNX model (one graph, default operator set 17, IR version 8) from Java.
  *
  * <p>Every method returns the name of the value it defines, so graphs are written as a chain of calls:
  *
  * <pre>{@code
  * OnnxGraphBuilder g = new OnnxGraphBuilder("linear");
  * String x = g.input("x", OnnxType.FLOAT, "B", 4L);
  * String w = g.initializer("w", weights, 4, 3);
  * g.output("y", g.node("MatMul", List.of(x, w), Map.of()), OnnxType.FLOAT, "B", 3L);
  * byte[] model = g.build();
  * }</pre>
  *
  * <p>Dimensions of inputs and outputs are {@code Long} (or {@code Integer}) for fixed sizes and {@code String}
  * for symbolic ones such as the batch "B". Attribute values are {@code Long}/{@code Integer}, {@code
  * Double}/{@code Float}, {@code String}, {@code long[]}, {@code int[]}, {@code float[]} or a {@link TensorProto}.
  * An omitted optional node input is written as "". The same calls always give the same bytes: attributes are
  * written sorted by name and generated names are numbered in call order.
  */
public final class OnnxGraphBuilder {

    public static final int OPSET_VERSION = 17;
    /** The domain of ONNX Runtime's own operators (its "contrib" operators), version 1. */
    public static final String ONNX_RUNTIME_DOMAIN = "com.microsoft";
    public static final long IR_VERSION = 8;
    static final String PRODUCER = "clipvq";

    private final String graphName;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> definedValues = new HashSet<>();
    private final Set<String> outputNames = new HashSet<>();
    private int generatedNames;

    public OnnxGraphBuilder(String graphName) {
        this.graphName = requireName(graphName, "graph name");
        graph.setName(graphName);
    }

    /** Declares a graph input; returns its name. */
    public String input(String name, OnnxType type, Object... dims) {
        define(name);
        graph.addInput(valueInfo(name, type, dims));
        return name;
    }

    /** Adds a float weight tensor (stored as little-endian raw data); returns its name. */
    public String initializer(String name, float[] data, long... shape) {
        checkElementCount(name, data.length, shape);
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        define(name);
        graph.addInitializer(rawTensor(name, OnnxType.FLOAT, bytes, shape));
        return name;
    }

    /** Adds an int64 weight tensor (stored as little-endian raw data); returns its name. */
    public String initializer(String name, long[] data, long... shape) {
        checkElementCount(name, data.length, shape);
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(data);
        define(name);
        graph.addInitializer(rawTensor(name, OnnxType.INT64, bytes, shape));
        return name;
    }

    /**
      * A constant int64 tensor (shapes, axes, indices) as a Constant node, kept apart from the weights so that
      * reading a graph tells structure from parameters; returns its name.
      */
    public String constantInt64(String name, long[] values, long... shape) {
        checkElementCount(name, values.length, shape);
        TensorProto value = TensorProto.newBuilder()
                .setDataType(OnnxType.INT64.code())
                .addAllDims(boxed(shape))
                .addAllInt64Data(boxed(values))
                .build();
        return constant(name, value);
    }

    /** A constant float tensor (scales, epsilons) as a Constant node; returns its name. */
    public String constantFloat(String name, float[] values, long... shape) {
        checkElementCount(name, values.length, shape);
        TensorProto.Builder value = TensorProto.newBuilder()
                .setDataType(OnnxType.FLOAT.code())
                .addAllDims(boxed(shape));
        for (float v : values) {
            value.addFloatData(v);
        }
        return constant(name, value.build());
    }

    /** Adds a node with one output, named after the operator; returns the output's name. */
    public String node(String opType, List<String> inputs, Map<String, ?> attributes) {
        return nodeMulti(opType, inputs, attributes, 1).get(0);
    }

    /** Adds a node with {@code outputCount} outputs (Split, TopK, ...); returns their names in order. */
    public List<String> nodeMulti(String opType, List<String> inputs, Map<String, ?> attributes, int outputCount) {
        requireName(opType, "operator type");
        if (outputCount < 1) {
            throw new IllegalArgumentException(opType + ": a node needs at least one output, got " + outputCount);
        }
        String nodeName = freshName(opType);
        NodeProto.Builder node = NodeProto.newBuilder().setName(nodeName).setOpType(opType);
        for (String input : inputs) {
            Objects.requireNonNull(input, () -> nodeName + ": null input (write an omitted optional input as \"\")");
            if (!input.isEmpty() && !definedValues.contains(input)) {
                throw new IllegalArgumentException(
                        nodeName + ": input '" + input + "' is not defined in graph " + graphName);
            }
            node.addInput(input);
        }
        List<String> outputs = new ArrayList<>(outputCount);
        for (int i = 0; i < outputCount; i++) {
            String output = outputCount == 1 ? nodeName : nodeName + "_" + i;
            define(output);
            outputs.add(output);
            node.addOutput(output);
        }
        new TreeMap<String, Object>(attributes)
                .forEach((key, value) -> node.addAttribute(attribute(nodeName, key, value)));
        graph.addNode(node);
        return List.copyOf(outputs);
    }

    /** Declares {@code value} as the graph output {@code name} (through an Identity node when the names differ). */
    public void output(String name, String value, OnnxType type, Object... dims) {
        requireName(name, "output name");
        if (!definedValues.contains(value)) {
            throw new IllegalArgumentException(
                    "output '" + name + "': value '" + value + "' is not defined in graph " + graphName);
        }
        if (!outputNames.add(name)) {
            throw new IllegalArgumentException("output '" + name + "' is declared twice in graph " + graphName);
        }
        if (!name.equals(value)) {
            define(name);
            graph.addNode(NodeProto.newBuilder()
                    .setName(name + "_identity").setOpType("Identity").addInput(value).addOutput(name));
        }
        graph.addOutput(valueInfo(name, type, dims));
    }

    /** The serialized ModelProto. */
    public byte[] build() {
        if (graph.getOutputCount() == 0) {
            throw new IllegalStateException("graph " + graphName + " has no outputs");
        }
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET_VERSION))
                .setProducerName(PRODUCER)
                .setGraph(graph)
                .build();
        return model.toByteArray();
    }

    private String constant(String name, TensorProto value) {
        define(name);
        AttributeProto valueAttribute = AttributeProto.newBuilder()
                .setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
        graph.addNode(NodeProto.newBuilder()
                .setName(name).setOpType("Constant").addOutput(name).addAttribute(valueAttribute));
        return name;
    }

    private void define(String name) {
        requireName(name, "value name");
        if (!definedValues.add(name)) {
            throw new IllegalArgumentException("value '" + name + "' is already defined in graph " + graphName);
        }
    }

    private String freshName(String opType) {
        String name;
        do {
            name = opType + "_" + generatedNames++;
        } while (definedValues.contains(name));
        return name;
    }

    private static AttributeProto attribute(String nodeName, String key, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(key);
        if (value instanceof Long || value instanceof Integer) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (value instanceof long[] longs) {
            a.setType(AttributeProto.AttributeType.INTS).addAllInts(boxed(longs));
        } else if (value instanceof int[] ints) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (int i : ints) {
                a.addInts(i);
            }
        } else if (value instanceof float[] floats) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float f : floats) {
                a.addFloats(f);
            }
        } else if (value instanceof TensorProto tensor) {
            a.setType(AttributeProto.AttributeType.TENSOR).setT(tensor);
        } else {
            throw new IllegalArgumentException(nodeName + ": attribute '" + key + "' has unsupported value type "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return a.build();
    }

    private ValueInfoProto valueInfo(String name, OnnxType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            if (dim instanceof Long || dim instanceof Integer) {
                shape.addDimBuilder().setDimValue(((Number) dim).longValue());
            } else if (dim instanceof String symbol && !symbol.isEmpty()) {
                shape.addDimBuilder().setDimParam(symbol);
            } else {
                throw new IllegalArgumentException("'" + name + "' in graph " + graphName
                        + ": a dimension must be a Long/Integer or a symbolic String, got " + dim);
            }
        }
        TypeProto.Tensor tensorType = TypeProto.Tensor.newBuilder().setElemType(type.code()).setShape(shape).build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensorType))
                .build();
    }

    private static TensorProto rawTensor(String name, OnnxType type, ByteBuffer littleEndian, long[] shape) {
        littleEndian.rewind();
        return TensorProto.newBuilder()
                .setName(name)
                .setDataType(type.code())
                .addAllDims(boxed(shape))
                .setRawData(ByteString.copyFrom(littleEndian))
                .build();
    }

    private void checkElementCount(String name, int length, long[] shape) {
        long expected = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "'" + name + "' in graph " + graphName + ": negative dimension " + d);
            }
            expected *= d;
        }
        if (expected != length) {
            throw new IllegalArgumentException("'" + name + "' in graph " + graphName + ": shape "
                    + java.util.Arrays.toString(shape) + " needs " + expected + " values, got " + length);
        }
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return name;
    }

    private static List<Long> boxed(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return list;
    }
}
