package io.clipvq.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.clipvq.modelbuild.graphs.DenoiserGraph;
import io.clipvq.modelbuild.graphs.DenoiserReference;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.RandomWeights;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The batched denoiser call: conditional rows then null rows in one run, timestep t fed as the graph's index t - 1,
 * buffers reused between steps; checked against the plain-Java reference forward pass.
 */
class OnnxDenoiserTest {
    private static final DenoiserSpec SPEC = new DenoiserSpec(12, 2, 3, 16, 2, 2, 4, 8, 20);

    @Test
    void should_match_the_reference_for_conditional_and_null_rows_in_one_call() throws Exception {
        Map<String, float[]> weights = RandomWeights.generate(SPEC.layout(), 3, 0.3);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int candidates = 3;
        int n = SPEC.sequenceLength();
        int k = SPEC.codebookSize();
        int d = SPEC.clipDim();
        SplittableRandom random = new SplittableRandom(9);
        float[] conds = new float[candidates * d];
        for (int i = 0; i < conds.length; i++) {
            conds[i] = (float) random.nextGaussian();
        }
        float[] nullCondition = new float[d];
        for (int i = 0; i < d; i++) {
            nullCondition[i] = (float) random.nextGaussian();
        }
        try (OrtSession.SessionOptions options = EngineOptions.builder().optIntraOpThreads(1).build().newSessionOptions();
             OrtSession session = env.createSession(DenoiserGraph.build(SPEC, weights), options);
             OnnxDenoiser denoiser = new OnnxDenoiser(env, session, n, k, d)) {
            denoiser.prepare(candidates, true, conds, nullCondition);
            float[] out = new float[2 * candidates * k * n];
            for (int t : new int[] {SPEC.timesteps(), 7, 1}) {
                long[] codes = new long[candidates * n];
                for (int i = 0; i < codes.length; i++) {
                    codes[i] = random.nextInt(k + 1);
                }
                long elapsed = denoiser.predict(codes, candidates, t, true, out);
                assertThat(elapsed).isPositive();
                long[] index = new long[candidates];
                Arrays.fill(index, t - 1);
                float[] nullRows = new float[candidates * d];
                for (int c = 0; c < candidates; c++) {
                    System.arraycopy(nullCondition, 0, nullRows, c * d, d);
                }
                float[] expectedCond = DenoiserReference.forward(SPEC, weights, codes, index, conds, candidates);
                float[] expectedNull = DenoiserReference.forward(SPEC, weights, codes, index, nullRows, candidates);
                for (int i = 0; i < expectedCond.length; i++) {
                    assertThat(out[i]).as("t=%d cond %d", t, i).isCloseTo(expectedCond[i], within(1e-4f));
                    assertThat(out[expectedCond.length + i]).as("t=%d null %d", t, i)
                            .isCloseTo(expectedNull[i], within(1e-4f));
                }
            }
            // unguided: only the conditional rows, with a new batch shape
            denoiser.prepare(2, false, Arrays.copyOf(conds, 2 * d), nullCondition);
            long[] codes = new long[2 * n];
            float[] single = new float[2 * k * n];
            denoiser.predict(codes, 2, 5, false, single);
            long[] index = {4, 4};
            float[] expected = DenoiserReference.forward(SPEC, weights, codes, index, Arrays.copyOf(conds, 2 * d), 2);
            for (int i = 0; i < expected.length; i++) {
                assertThat(single[i]).isCloseTo(expected[i], within(1e-4f));
            }
        }
    }
}
