package io.clipvq.engine.bundle;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import io.clipvq.contracts.bundle.Dim;
import io.clipvq.contracts.bundle.ElementType;
import io.clipvq.contracts.bundle.OnnxSignature;
import io.clipvq.contracts.bundle.TensorSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what an ONNX Runtime session declares with an {@link OnnxSignature}. The batch must be dynamic
 * (a model fixed to one batch size cannot run best-of-N batches); a fixed size must match or be dynamic (a
 * real CLIP export may leave the sequence length open).
 */
final class SignatureCheck {
    private SignatureCheck() {
    }

    static List<String> problems(OnnxSignature signature, OrtSession session) throws OrtException {
        List<String> problems = new ArrayList<>();
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();

        Set<String> expectedInputs = new TreeSet<>();
        signature.inputs().forEach(spec -> expectedInputs.add(spec.name()));
        if (!inputs.keySet().equals(expectedInputs)) {
            problems.add(signature.file() + ": inputs are " + new TreeSet<>(inputs.keySet()) + ", expected "
                    + expectedInputs);
        }
        for (TensorSpec spec : signature.inputs()) {
            compare(signature.file(), "input", spec, inputs.get(spec.name()), problems);
        }
        for (TensorSpec spec : signature.outputs()) {
            NodeInfo actual = outputs.get(spec.name());
            if (actual == null) {
                problems.add(signature.file() + ": has no output '" + spec.name() + "' (outputs: "
                        + new TreeSet<>(outputs.keySet()) + ")");
            } else {
                compare(signature.file(), "output", spec, actual, problems);
            }
        }
        return problems;
    }

    private static void compare(String file, String role, TensorSpec spec, NodeInfo actual, List<String> problems) {
        if (actual == null) {
            return; // reported with the input names
        }
        String what = file + ": " + role + " '" + spec.name() + "'";
        if (!(actual.getInfo() instanceof TensorInfo tensor)) {
            problems.add(what + " is " + actual.getInfo() + ", expected a tensor " + spec);
            return;
        }
        OnnxTensorType expectedType = spec.type() == ElementType.FLOAT
                ? OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT
                : OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64;
        if (tensor.onnxType != expectedType) {
            problems.add(what + " has element type " + typeName(tensor.onnxType) + ", expected "
                    + spec.type().name().toLowerCase());
        }
        long[] shape = tensor.getShape();
        if (!shapeMatches(spec.shape(), shape)) {
            problems.add(what + " has shape " + shapeText(shape, tensor.getDimensionNames()) + ", expected "
                    + spec.shape());
        }
    }

    private static boolean shapeMatches(List<Dim> expected, long[] actual) {
        if (expected.size() != actual.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            Dim dim = expected.get(i);
            boolean dynamic = actual[i] < 0;
            if (dim.isSymbolic() ? !dynamic : !dynamic && actual[i] != dim.size()) {
                return false;
            }
        }
        return true;
    }

    private static String shapeText(long[] shape, String[] names) {
        List<String> dims = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            boolean named = names != null && i < names.length && names[i] != null && !names[i].isEmpty();
            dims.add(shape[i] >= 0 ? Long.toString(shape[i]) : named ? names[i] : "?");
        }
        return dims.toString();
    }

    private static String typeName(OnnxTensorType type) {
        return type.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase();
    }
}
