package io.clipvq.engine.clip;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/** Shared plumbing of the two CLIP encoders: signature checks and reading L2-normalised rows. */
final class Embeddings {

    /** Below this norm a row is treated as zero (as torch.nn.functional.normalize does), not divided by ~0. */
    static final double MIN_NORM = 1e-12;

    private Embeddings() {
    }

    /** L2-normalises each row of {@code values} ([rows, dim]) into a new float[rows][dim]. */
    static float[][] normalisedRows(FloatBuffer values, int rows, int dim) {
        float[][] out = new float[rows][dim];
        for (int r = 0; r < rows; r++) {
            float[] row = out[r];
            values.get(r * dim, row);
            double sumOfSquares = 0;
            for (float v : row) {
                sumOfSquares += (double) v * v;
            }
            double scale = 1.0 / Math.max(Math.sqrt(sumOfSquares), MIN_NORM);
            for (int i = 0; i < dim; i++) {
                row[i] = (float) (row[i] * scale);
            }
        }
        return out;
    }

    static TensorInfo tensorInfo(Map<String, NodeInfo> nodes, String name, String model, String kind) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException(model + " has no " + kind + " named '" + name + "' (it has "
                    + nodes.keySet() + ")");
        }
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new IllegalArgumentException(model + " " + kind + " '" + name + "' is not a tensor");
        }
        return info;
    }

    /** The last dimension of a [B, D] output; fixed in a usable model. */
    static int embeddingDim(OrtSession session, String output, String model) throws OrtException {
        long[] shape = tensorInfo(session.getOutputInfo(), output, model, "output").getShape();
        if (shape.length != 2 || shape[1] <= 0) {
            throw new IllegalArgumentException(model + " output '" + output + "' should be [B, D] with a fixed D, is "
                    + Arrays.toString(shape));
        }
        return (int) shape[1];
    }

    static FloatBuffer output(OrtSession.Result result, String name, String model) {
        return ((OnnxTensor) result.get(name).orElseThrow(
                () -> new IllegalStateException(model + " gave no output '" + name + "'"))).getFloatBuffer();
    }
}
