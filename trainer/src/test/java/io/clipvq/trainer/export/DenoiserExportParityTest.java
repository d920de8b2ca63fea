package io.clipvq.trainer.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.clipvq.modelbuild.graphs.DenoiserGraph;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.RandomWeights;
import io.clipvq.trainer.diffusion.DenoiserNet;
import io.clipvq.trainer.nn.Parameters;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DenoiserExportParityTest {
    private static final DenoiserSpec LINEAR_MLP = new DenoiserSpec(9, 2, 2, 16, 2, 4, 2, 6, 5);
    private static final DenoiserSpec CONV_MLP = new DenoiserSpec(9, 2, 2, 16, 2, 4, 2, 6, 5, DenoiserSpec.Mlp.CONV3X3);

    @Test
    void should_give_the_same_log_probabilities_in_djl_and_in_onnx_runtime() throws Exception {
        assertParity(LINEAR_MLP);
    }

    @Test
    void should_give_the_same_log_probabilities_with_the_conv_mlp() throws Exception {
        assertParity(CONV_MLP);
    }

    private static void assertParity(DenoiserSpec SPEC) throws Exception {
        int batch = 3;
        int n = SPEC.sequenceLength();
        long[] codes = {0, 9, 3, 8, 9, 9, 9, 9, 1, 2, 5, 4};
        long[] timeIndex = {0, 4, 2};
        float[] cond = new float[batch * SPEC.clipDim()];
        for (int i = 0; i < cond.length; i++) {
            cond[i] = (float) Math.sin(i * 0.7);
        }
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 5, 0.2);
        float[] djl;
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, SPEC.layout(), weights)) {
            djl = new DenoiserNet(SPEC, params).forward(manager.create(codes, new Shape(batch, n)),
                    manager.create(timeIndex), manager.create(cond, new Shape(batch, SPEC.clipDim()))).toFloatArray();
            // export what the trainer holds, not the random map it started from
            weights = params.toFloatMap();
        }
        byte[] model = DenoiserGraph.build(SPEC, weights);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] onnx;
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, LongBuffer.wrap(codes), new long[] {batch, n});
             OnnxTensor t = OnnxTensor.createTensor(env, LongBuffer.wrap(timeIndex), new long[] {batch});
             OnnxTensor c = OnnxTensor.createTensor(env, FloatBuffer.wrap(cond), new long[] {batch, SPEC.clipDim()});
             OrtSession.Result result = session.run(Map.of(DenoiserGraph.INPUT_CODES, x, DenoiserGraph.INPUT_TIMESTEP, t,
                     DenoiserGraph.INPUT_CONDITION, c))) {
            onnx = ((OnnxTensor) result.get(DenoiserGraph.OUTPUT_LOG_PROBS).orElseThrow()).getFloatBuffer().array();
        }
        assertThat(onnx).hasSameSizeAs(djl);
        float maxDiff = 0;
        for (int i = 0; i < djl.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(djl[i] - onnx[i]));
        }
        assertThat(maxDiff).isLessThan(1e-4f);
    }
}
