package io.clipvq.modelbuild.onnx;

import io.clipvq.modelbuild.onnx.proto.OnnxIr.AttributeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.GraphProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.ModelProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.NodeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.TypeProto;
import io.clipvq.modelbuild.onnx.proto.OnnxIr.ValueInfoProto;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives an existing model the input and output names and element types of a bundle signature, by adding nodes at
 * its edges: an Identity (or a Cast, where the element types differ) from each new input to the name the graph's
 * nodes read, and from each chosen output to its new name. Every original node and initializer is kept byte for
 * byte, so the adapted model computes exactly what the original does. Outputs not chosen are no longer graph
 * outputs; inputs not named are refused (the bundle's engine would not feed them), except an attention mask that
 * the adapter computes from the token ids ({@link MaskFromIds}).
 */
public final class SignatureAdapter {

    /** One input or output to carry over: the model's own name, the signature's name, the signature's type. */
    public record Edge(String modelName, String signatureName, OnnxType signatureType) {
    }

    /**
     * A CLIP text model's attention mask, computed in the graph from its token ids instead of fed: 1 up to and
     * including the first end-of-text token, 0 after it (the padding), as the engine's tokenizer pads. The end of text
     * is the largest id in CLIP's vocabulary, so its position is ArgMax over the sequence (the first maximum).
     *
     * @param modelName the model's mask input
     * @param idsName   the signature's token id input it is computed from
     */
    public record MaskFromIds(String modelName, String idsName) {
    }

    static final String ORIGINAL_SUFFIX = "__before_adapter";

    private SignatureAdapter() {
    }

    public static byte[] adapt(OnnxModelFile source, List<Edge> inputs, List<Edge> outputs) {
        return adapt(source, inputs, outputs, null);
    }

    /**
     * @param inputs  every non-weight graph input of the model, mapped
     * @param outputs the graph outputs to keep, mapped
     */
    public static byte[] adapt(OnnxModelFile source, List<Edge> inputs, List<Edge> outputs, MaskFromIds mask) {
        ModelProto model = source.model();
        GraphProto graph = model.getGraph();
        Map<String, ValueInfoProto> graphInputs = new HashMap<>();
        graph.getInputList().forEach(input -> graphInputs.put(input.getName(), input));
        Map<String, ValueInfoProto> graphOutputs = new HashMap<>();
        graph.getOutputList().forEach(output -> graphOutputs.put(output.getName(), output));
        for (OnnxModelFile.Tensor input : source.inputs()) {
            boolean derived = mask != null && mask.modelName().equals(input.name());
            if (!derived && inputs.stream().noneMatch(edge -> edge.modelName().equals(input.name()))) {
                throw new IllegalArgumentException(source.file() + ": input " + input.describe()
                        + " is not one the bundle's engine feeds");
            }
        }

        // a value that keeps its name but changes type is renamed inside the graph, so the bridge can take its name
        Map<String, String> renamed = new HashMap<>();
        for (Edge edge : inputs) {
            ValueInfoProto original = require(graphInputs, edge.modelName(), source, "input");
            if (edge.modelName().equals(edge.signatureName()) && elementType(original) != edge.signatureType().code()) {
                renamed.put(edge.modelName(), edge.modelName() + ORIGINAL_SUFFIX);
            }
        }
        for (Edge edge : outputs) {
            ValueInfoProto original = require(graphOutputs, edge.modelName(), source, "output");
            if (edge.modelName().equals(edge.signatureName()) && elementType(original) != edge.signatureType().code()) {
                renamed.put(edge.modelName(), edge.modelName() + ORIGINAL_SUFFIX);
            }
        }

        GraphProto.Builder adapted = graph.toBuilder().clearInput().clearOutput().clearNode();
        // weights listed as inputs by older exporters stay inputs
        for (ValueInfoProto input : graph.getInputList()) {
            boolean derived = mask != null && mask.modelName().equals(input.getName());
            if (!derived && inputs.stream().noneMatch(edge -> edge.modelName().equals(input.getName()))) {
                adapted.addInput(input);
            }
        }
        for (Edge edge : inputs) {
            ValueInfoProto original = graphInputs.get(edge.modelName());
            adapted.addInput(retyped(original, edge.signatureName(), edge.signatureType()));
            String internal = renamed.getOrDefault(edge.modelName(), edge.modelName());
            if (!internal.equals(edge.signatureName())) {
                adapted.addNode(bridge("adapt_in_" + edge.signatureName(), edge.signatureName(), internal,
                        edge.signatureType().code(), elementType(original)));
            }
        }
        if (mask != null) {
            ValueInfoProto maskInput = require(graphInputs, mask.modelName(), source, "input");
            addMaskNodes(adapted, mask, elementType(maskInput));
        }
        for (NodeProto node : graph.getNodeList()) {
            adapted.addNode(renamed.isEmpty() ? node : renameValues(node, renamed));
        }
        for (Edge edge : outputs) {
            ValueInfoProto original = graphOutputs.get(edge.modelName());
            String internal = renamed.getOrDefault(edge.modelName(), edge.modelName());
            if (!internal.equals(edge.signatureName())) {
                adapted.addNode(bridge("adapt_out_" + edge.signatureName(), internal, edge.signatureName(),
                        elementType(original), edge.signatureType().code()));
            }
            adapted.addOutput(retyped(original, edge.signatureName(), edge.signatureType()));
        }
        return model.toBuilder().setGraph(adapted).build().toByteArray();
    }

    /** mask[b, i] = i <= argmax(ids[b, :]) ? 1 : 0, of the mask input's element type; ONNX opset 11 or later. */
    private static void addMaskNodes(GraphProto.Builder graph, MaskFromIds mask, int maskType) {
        String p = "adapt_mask_";
        graph.addNode(NodeProto.newBuilder().setName(p + "eot").setOpType("ArgMax").addInput(mask.idsName())
                .addOutput(p + "eot").addAttribute(intAttribute("axis", 1)).addAttribute(intAttribute("keepdims", 1)));
        graph.addNode(NodeProto.newBuilder().setName(p + "shape").setOpType("Shape").addInput(mask.idsName())
                .addOutput(p + "shape"));
        graph.addNode(constantInt64(p + "one", 1));
        graph.addNode(constantInt64(p + "zero", 0));
        graph.addNode(NodeProto.newBuilder().setName(p + "length").setOpType("Gather").addInput(p + "shape")
                .addInput(p + "one").addOutput(p + "length").addAttribute(intAttribute("axis", 0)));
        graph.addNode(NodeProto.newBuilder().setName(p + "positions").setOpType("Range").addInput(p + "zero")
                .addInput(p + "length").addInput(p + "one").addOutput(p + "positions"));
        // [L] > [B, 1] broadcasts to [B, L]: true after the end of text
        graph.addNode(NodeProto.newBuilder().setName(p + "after").setOpType("Greater").addInput(p + "positions")
                .addInput(p + "eot").addOutput(p + "after"));
        graph.addNode(NodeProto.newBuilder().setName(p + "keep").setOpType("Not").addInput(p + "after")
                .addOutput(p + "keep"));
        graph.addNode(NodeProto.newBuilder().setName(p + "cast").setOpType("Cast").addInput(p + "keep")
                .addOutput(mask.modelName()).addAttribute(intAttribute("to", maskType)));
    }

    private static NodeProto constantInt64(String name, long value) {
        io.clipvq.modelbuild.onnx.proto.OnnxIr.TensorProto tensor = io.clipvq.modelbuild.onnx.proto.OnnxIr.TensorProto
                .newBuilder().setName(name).setDataType(OnnxType.INT64.code()).addInt64Data(value).build();
        return NodeProto.newBuilder().setName(name).setOpType("Constant").addOutput(name)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(tensor)).build();
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static ValueInfoProto require(Map<String, ValueInfoProto> values, String name, OnnxModelFile source,
                                          String what) {
        ValueInfoProto value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException(source.file() + " has no " + what + " '" + name + "'");
        }
        return value;
    }

    /** The node with every input and output named in {@code renamed} renamed (subgraphs are not searched). */
    private static NodeProto renameValues(NodeProto node, Map<String, String> renamed) {
        NodeProto.Builder copy = node.toBuilder().clearInput().clearOutput();
        node.getInputList().forEach(name -> copy.addInput(renamed.getOrDefault(name, name)));
        node.getOutputList().forEach(name -> copy.addOutput(renamed.getOrDefault(name, name)));
        return copy.build();
    }

    /** An Identity from {@code from} to {@code to}, or a Cast when the element types differ. */
    private static NodeProto bridge(String name, String from, String to, int fromType, int toType) {
        NodeProto.Builder node = NodeProto.newBuilder().setName(name).addInput(from).addOutput(to);
        if (fromType == toType) {
            return node.setOpType("Identity").build();
        }
        return node.setOpType("Cast").addAttribute(AttributeProto.newBuilder().setName("to")
                .setType(AttributeProto.AttributeType.INT).setI(toType)).build();
    }

    private static int elementType(ValueInfoProto value) {
        return value.getType().getTensorType().getElemType();
    }

    private static ValueInfoProto retyped(ValueInfoProto original, String name, OnnxType type) {
        TypeProto.Builder typeProto = original.getType().toBuilder();
        typeProto.getTensorTypeBuilder().setElemType(type.code());
        return original.toBuilder().setName(name).setType(typeProto).build();
    }
}
