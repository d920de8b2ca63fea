package io.clipvq.modelbuild.quantize;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.AttributeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.GraphProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.ModelProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.NodeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.OperatorSetIdProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.TensorProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float ONNX model so that every Linear layer multiplies in int8 (docs/method.md#int8-denoiser); the
 * rest of the graph is kept node for node.
 *
 * <p>A Linear layer is a {@code MatMul(x, W)} whose W is a float initializer [in, out] (how the project's graphs
 * write {@code x W^T}). It becomes:
 * <ol>
 *   <li>W quantized per output channel to 7-bit levels ({@link PerChannelInt8}): {@code W.int8} [in, out] and
 *       {@code W.scale} [out];
 *   <li>x flattened to rows [M, in], each row r quantized symmetrically with its own scale
 *       {@code a_r = max|x_r| / 127} to levels in [-127, 127], stored as uint8 with the zero point 128
 *       (QuantizeLinear along axis 0), so ONNX Runtime runs its uint8 x int8 kernels;
 *   <li>ONNX Runtime's {@code com.microsoft.MatMulIntegerToFloat}: the exact int32 sums times the column scales;
 *   <li>times the row scales, reshaped back to x's leading axes: {@code y_rj = a_r s_j sum_k (xq_rk - 128) q_kj}.
 * </ol>
 * A row's result depends on that row alone, never on the rest of the batch, so a candidate's image does not
 * depend on what it was batched with. MatMuls of two activations (attention scores) stay float.
 */
public final class Int8Linears {
    /** The uint8 value that stands for activation level 0. */
    static final int ACTIVATION_ZERO_POINT = 128;
    /** Activations use levels -127..127, stored as 1..255. */
    static final int ACTIVATION_MAX_LEVEL = 127;
    /** Keeps a row of zeros from dividing by zero (its levels are then all 0 and its products 0). */
    static final float SMALLEST_ROW_MAXIMUM = 1e-30f;

    private final GraphProto source;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Set<String> definedNames = new HashSet<>();
    private final GraphProto.Builder target;
    private final List<TensorProto> newInitializers = new ArrayList<>();
    private final Set<String> quantizedWeights = new HashSet<>();
    private int rewritten;

    private Int8Linears(GraphProto source) {
        this.source = source;
        this.target = source.toBuilder().clearNode().clearInitializer();
        for (TensorProto t : source.getInitializerList()) {
            initializers.put(t.getName(), t);
            definedNames.add(t.getName());
        }
        for (NodeProto n : source.getNodeList()) {
            definedNames.addAll(n.getOutputList());
        }
        source.getInputList().forEach(v -> definedNames.add(v.getName()));
    }

    /** The model with every Linear layer in int8; a model without one is refused, since nothing would change. */
    public static byte[] quantize(byte[] floatModel) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(floatModel);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        Int8Linears rewrite = new Int8Linears(model.getGraph());
        GraphProto graph = rewrite.rewrite();
        if (rewrite.rewritten == 0) {
            throw new IllegalArgumentException("graph " + model.getGraph().getName() + " has no MatMul with a float "
                    + "weight matrix to quantize");
        }
        ModelProto.Builder out = model.toBuilder().setGraph(graph);
        boolean hasDomain = model.getOpsetImportList().stream()
                .anyMatch(o -> o.getDomain().equals(OnnxGraphBuilder.ONNX_RUNTIME_DOMAIN));
        if (!hasDomain) {
            out.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(OnnxGraphBuilder.ONNX_RUNTIME_DOMAIN)
                    .setVersion(1));
        }
        return out.build().toByteArray();
    }

    private GraphProto rewrite() {
        for (NodeProto node : source.getNodeList()) {
            TensorProto weight = node.getOpType().equals("MatMul") && node.getDomain().isEmpty()
                    ? initializers.get(node.getInput(1)) : null;
            if (weight != null && weight.getDataType() == OnnxType.FLOAT.code() && weight.getDimsCount() == 2) {
                replaceLinear(node, weight);
            } else {
                target.addNode(node);
            }
        }
        Set<String> stillUsed = new HashSet<>();
        for (NodeProto n : target.getNodeList()) {
            stillUsed.addAll(n.getInputList());
        }
        source.getOutputList().forEach(v -> stillUsed.add(v.getName()));
        for (TensorProto t : source.getInitializerList()) {
            if (!quantizedWeights.contains(t.getName()) || stillUsed.contains(t.getName())) {
                target.addInitializer(t);
            }
        }
        newInitializers.forEach(target::addInitializer);
        return target.build();
    }

    private void replaceLinear(NodeProto matMul, TensorProto weight) {
        int in = (int) weight.getDims(0);
        int out = (int) weight.getDims(1);
        PerChannelInt8 q = PerChannelInt8.quantize(floats(weight), in, out);
        String w = weight.getName();
        if (quantizedWeights.add(w)) {
            newInitializers.add(bytes(w + ".int8", OnnxType.INT8, q.values(), in, out));
            newInitializers.add(floatTensor(w + ".scale", q.scales(), out));
        }
        String p = fresh(matMul.getName().isEmpty() ? "linear" : matMul.getName());
        String x = matMul.getInput(0);
        newInitializers.add(int64Tensor(p + ".rows_shape", new long[]{-1, in}, 2));
        newInitializers.add(int64Tensor(p + ".out_dim", new long[]{out}, 1));
        newInitializers.add(floatTensor(p + ".smallest", new float[]{SMALLEST_ROW_MAXIMUM}));
        newInitializers.add(floatTensor(p + ".levels", new float[]{ACTIVATION_MAX_LEVEL}));
        newInitializers.add(floatTensor(p + ".one", new float[]{1f}));
        newInitializers.add(int64Tensor(p + ".axis1", new long[]{1}, 1));
        newInitializers.add(bytes(p + ".zero_point", OnnxType.UINT8, new byte[]{(byte) ACTIVATION_ZERO_POINT}));
        newInitializers.add(bytes(p + ".row_zero_point", OnnxType.UINT8, new byte[]{(byte) ACTIVATION_ZERO_POINT}, 1));

        String rows = add("Reshape", p + ".rows", List.of(x, p + ".rows_shape"));
        String max = add("ReduceMax", p + ".max", List.of(rows), longs("axes", 1), integer("keepdims", 0));
        String min = add("ReduceMin", p + ".min", List.of(rows), longs("axes", 1), integer("keepdims", 0));
        String magnitude = add("Max", p + ".amax", List.of(max, add("Neg", p + ".neg_min", List.of(min)),
                p + ".smallest"));
        String rowScales = add("Div", p + ".row_scale", List.of(magnitude, p + ".levels"));
        // QuantizeLinear along axis 0 wants one zero point per row: the same 128, expanded to the row count
        String zeroPoints = add("Expand", p + ".row_zero_points", List.of(p + ".row_zero_point",
                add("Shape", p + ".row_count", List.of(rowScales))));
        String stored = add("QuantizeLinear", p + ".quantized", List.of(rows, rowScales, zeroPoints),
                integer("axis", 0));
        String columnScaled = addIn(OnnxGraphBuilder.ONNX_RUNTIME_DOMAIN, "MatMulIntegerToFloat", p + ".products",
                List.of(stored, w + ".int8", p + ".one", w + ".scale", p + ".zero_point"));
        String scaled = add("Mul", p + ".scaled", List.of(columnScaled,
                add("Unsqueeze", p + ".row_scale_column", List.of(rowScales, p + ".axis1"))));
        String leading = add("Shape", p + ".leading_dims", List.of(x), integer("end", -1));
        String shape = add("Concat", p + ".out_shape", List.of(leading, p + ".out_dim"), integer("axis", 0));
        target.addNode(NodeProto.newBuilder().setName(p + ".reshape").setOpType("Reshape").addInput(scaled)
                .addInput(shape).addOutput(matMul.getOutput(0)));
        rewritten++;
    }

    private String add(String op, String output, List<String> inputs, AttributeProto... attributes) {
        return addIn("", op, output, inputs, attributes);
    }

    private String addIn(String domain, String op, String output, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder().setName(output).setOpType(op).setDomain(domain)
                .addAllInput(inputs).addOutput(output);
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        target.addNode(node);
        return output;
    }

    private String fresh(String base) {
        String name = base + ".int8";
        int i = 0;
        while (definedNames.contains(name + ".rows")) {
            name = base + ".int8_" + ++i;
        }
        definedNames.add(name + ".rows");
        return name;
    }

    private static AttributeProto longs(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A float initializer's values, from raw little-endian data or the float_data field. */
    static float[] floats(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / Float.BYTES];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[t.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getFloatData(i);
        }
        return values;
    }

    private static TensorProto floatTensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return tensor(name, OnnxType.FLOAT, raw, dims);
    }

    private static TensorProto int64Tensor(String name, long[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return tensor(name, OnnxType.INT64, raw, dims);
    }

    private static TensorProto bytes(String name, OnnxType type, byte[] values, long... dims) {
        return tensor(name, type, ByteBuffer.wrap(values), dims);
    }

    private static TensorProto tensor(String name, OnnxType type, ByteBuffer raw, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.code())
                .setRawData(ByteString.copyFrom(raw.rewind()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }
}
