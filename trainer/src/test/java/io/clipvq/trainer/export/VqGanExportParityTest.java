package io.clipvq.trainer.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.clipvq.modelbuild.graphs.VqDecoderGraph;
import io.clipvq.modelbuild.graphs.VqEncoderGraph;
import io.clipvq.modelbuild.graphs.VqGanSpec;
import io.clipvq.trainer.nn.Initializer;
import io.clipvq.trainer.nn.Parameters;
import io.clipvq.trainer.vqgan.VqGanNet;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class VqGanExportParityTest {
    private static final VqGanSpec SPEC = new VqGanSpec(12, 5, 2, 3, 4, 6);

    @Test
    void should_decode_the_same_image_in_djl_and_in_onnx_runtime() throws Exception {
        int batch = 2;
        long[] codes = {0, 11, 3, 4, 4, 7, 1, 2, 9, 10, 5, 6};
        Map<String, float[]> weights = Initializer.initialWeights(SPEC.layout(), 9);
        float[] djl;
        try (NDManager m = NDManager.newBaseManager(); Parameters p = Parameters.of(m, SPEC.layout(), weights)) {
            djl = new VqGanNet(SPEC, p).decode(m.create(codes, new Shape(batch, 2, 3))).toFloatArray();
            weights = p.toFloatMap();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(VqDecoderGraph.build(SPEC, weights), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(codes), new long[] {batch, 2, 3});
             OrtSession.Result result = session.run(Map.of(VqDecoderGraph.INPUT_CODES, input))) {
            float[] onnx = ((OnnxTensor) result.get(VqDecoderGraph.OUTPUT_IMAGE).orElseThrow()).getFloatBuffer().array();
            assertThat(onnx).hasSameSizeAs(djl);
            assertThat(maxAbsDiff(djl, onnx)).isLessThan(1e-4f);
        }
    }

    @Test
    void should_encode_to_the_same_codes_in_djl_and_in_onnx_runtime() throws Exception {
        int batch = 2;
        float[] image = new float[batch * 3 * 8 * 12];
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextDouble();
        }
        Map<String, float[]> weights = Initializer.initialWeights(SPEC.layout(), 10);
        long[] djl;
        float[] djlLogits;
        try (NDManager m = NDManager.newBaseManager(); Parameters p = Parameters.of(m, SPEC.layout(), weights)) {
            VqGanNet net = new VqGanNet(SPEC, p);
            djl = net.encode(m.create(image, new Shape(batch, 3, 8, 12))).toLongArray();
            djlLogits = net.encodeLogits(m.create(image, new Shape(batch, 3, 8, 12))).toFloatArray();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(VqEncoderGraph.build(SPEC, weights), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), new long[] {batch, 3, 8, 12});
             OrtSession.Result result = session.run(Map.of(VqEncoderGraph.INPUT_IMAGE, input))) {
            long[] onnx = ((OnnxTensor) result.get(VqEncoderGraph.OUTPUT_CODES).orElseThrow()).getLongBuffer().array();
            // an argmax can only differ where two logits are within float noise of each other
            for (int i = 0; i < djl.length; i++) {
                if (djl[i] != onnx[i]) {
                    int b = i / 6;
                    int pos = i % 6;
                    float gap = Math.abs(djlLogits[(b * 12 + (int) djl[i]) * 6 + pos] - djlLogits[(b * 12 + (int) onnx[i]) * 6 + pos]);
                    assertThat(gap).as("codes differ at %d with a logit gap of %f", i, gap).isLessThan(1e-4f);
                }
            }
            assertThat(onnx).hasSameSizeAs(djl);
        }
    }

    static float maxAbsDiff(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
