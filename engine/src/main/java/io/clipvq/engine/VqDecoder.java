package io.clipvq.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.bundle.BundleSignatures;

import java.nio.LongBuffer;
import java.util.Map;

/** vq_decoder.onnx: codes [B, h, w] -> RGB images [B, 3, H, W] in [0, 1]. */
final class VqDecoder {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final int gridHeight;
    private final int gridWidth;
    private final int imageSize;

    VqDecoder(OrtEnvironment env, OrtSession session, int gridHeight, int gridWidth, int imageSize) {
        this.env = env;
        this.session = session;
        this.gridHeight = gridHeight;
        this.gridWidth = gridWidth;
        this.imageSize = imageSize;
    }

    /** Decodes {@code count} code grids; returns [count, 3, H, W]. */
    float[] decode(long[] codes, int count) throws OrtException {
        long[] shape = {count, gridHeight, gridWidth};
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(codes, 0, count * gridHeight * gridWidth),
                shape);
             OrtSession.Result result = session.run(Map.of(BundleSignatures.VQ_DECODER_CODES, input))) {
            OnnxTensor image = (OnnxTensor) result.get(BundleSignatures.VQ_DECODER_IMAGE)
                    .orElseThrow(() -> new IllegalStateException("vq_decoder gave no output '"
                            + BundleSignatures.VQ_DECODER_IMAGE + "'"));
            float[] pixels = new float[count * 3 * imageSize * imageSize];
            image.getFloatBuffer().get(pixels);
            return pixels;
        }
    }
}
