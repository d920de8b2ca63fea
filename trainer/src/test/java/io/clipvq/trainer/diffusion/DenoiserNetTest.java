package io.clipvq.trainer.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.clipvq.modelbuild.graphs.DenoiserReference;
import io.clipvq.modelbuild.graphs.DenoiserSpec;
import io.clipvq.modelbuild.graphs.RandomWeights;
import io.clipvq.modelbuild.graphs.ReferenceMath;
import io.clipvq.trainer.nn.Parameters;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DenoiserNetTest {
    private static final DenoiserSpec SPEC = new DenoiserSpec(7, 2, 3, 8, 2, 2, 2, 5, 4);

    @Test
    void should_compute_the_same_log_probabilities_as_a_plain_loop_reference() {
        Map<String, float[]> w = RandomWeights.generate(SPEC.layout(), 11, 0.3);
        int batch = 2;
        int n = SPEC.sequenceLength();
        long[] codes = {0, 7, 3, 7, 6, 1, 2, 2, 7, 5, 4, 0};
        long[] timeIndex = {0, 3};
        SplittableRandom random = new SplittableRandom(3);
        float[] cond = new float[batch * SPEC.clipDim()];
        for (int i = 0; i < cond.length; i++) {
            cond[i] = (float) random.nextGaussian();
        }
        float[] expected = reference(w, codes, timeIndex, cond, batch);
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, SPEC.layout(), w)) {
            NDArray out = new DenoiserNet(SPEC, params).forward(manager.create(codes, new Shape(batch, n)),
                    manager.create(timeIndex), manager.create(cond, new Shape(batch, SPEC.clipDim())));
            assertThat(out.getShape()).isEqualTo(new Shape(batch, SPEC.codebookSize(), n));
            float[] actual = out.toFloatArray();
            float maxDiff = 0;
            for (int i = 0; i < actual.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            }
            assertThat(maxDiff).isLessThan(1e-4f);
        }
    }

    @Test
    void should_match_the_engine_reference_with_factorised_codes() {
        DenoiserSpec spec = new DenoiserSpec(12, 2, 3, 8, 2, 2, 2, 5, 4, DenoiserSpec.Mlp.LINEAR, List.of(3, 2, 2));
        Map<String, float[]> w = RandomWeights.generate(spec.layout(), 17, 0.3);
        int batch = 2;
        int n = spec.sequenceLength();
        long[] codes = {0, 12, 3, 11, 6, 1, 2, 2, 12, 5, 4, 9};
        long[] timeIndex = {1, 3};
        SplittableRandom random = new SplittableRandom(5);
        float[] cond = new float[batch * spec.clipDim()];
        for (int i = 0; i < cond.length; i++) {
            cond[i] = (float) random.nextGaussian();
        }
        float[] expected = DenoiserReference.forward(spec, w, codes, timeIndex, cond, batch);
        try (NDManager manager = NDManager.newBaseManager();
             Parameters params = Parameters.of(manager, spec.layout(), w)) {
            float[] actual = new DenoiserNet(spec, params).forward(manager.create(codes, new Shape(batch, n)),
                    manager.create(timeIndex), manager.create(cond, new Shape(batch, spec.clipDim()))).toFloatArray();
            assertThat(actual).hasSize(expected.length);
            for (int i = 0; i < actual.length; i++) {
                assertThat(actual[i]).as("log_probs[%d]", i).isCloseTo(expected[i], within(1e-4f));
            }
        }
    }

    /** The architecture written out with the engine's plain-loop math, output [B, K, N]. */
    private static float[] reference(Map<String, float[]> w, long[] codes, long[] timeIndex, float[] cond, int batch) {
        int n = SPEC.sequenceLength();
        int width = SPEC.width();
        int k = SPEC.codebookSize();
        float[] out = new float[batch * k * n];
        for (int b = 0; b < batch; b++) {
            float[] x = new float[n * width];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < width; c++) {
                    x[i * width + c] = w.get("code_embed.weight")[(int) codes[b * n + i] * width + c]
                            + w.get("row_embed.weight")[(i / SPEC.gridWidth()) * width + c]
                            + w.get("col_embed.weight")[(i % SPEC.gridWidth()) * width + c];
                }
            }
            float[] timeEmb = new float[width];
            System.arraycopy(w.get("time_embed.weight"), (int) timeIndex[b] * width, timeEmb, 0, width);
            float[] c = new float[SPEC.clipDim()];
            System.arraycopy(cond, b * SPEC.clipDim(), c, 0, c.length);
            float[] condEmb = ReferenceMath.linear(c, 1, SPEC.clipDim(), w.get("cond_proj.weight"), w.get("cond_proj.bias"), width);
            for (int l = 0; l < SPEC.layers(); l++) {
                String p = "blocks." + l;
                float[] h = adaLn(x, n, width, timeEmb, w, p + ".norm1");
                h = ReferenceMath.selfAttention(h, 1, n, width, SPEC.heads(), w.get(p + ".attn.qkv.weight"),
                        w.get(p + ".attn.qkv.bias"), w.get(p + ".attn.proj.weight"), w.get(p + ".attn.proj.bias"), false);
                x = ReferenceMath.add(x, h);
                h = adaLn(x, n, width, condEmb, w, p + ".norm2");
                h = ReferenceMath.mlp(h, n, width, SPEC.mlpWidth(), w.get(p + ".mlp.fc1.weight"), w.get(p + ".mlp.fc1.bias"),
                        w.get(p + ".mlp.fc2.weight"), w.get(p + ".mlp.fc2.bias"));
                x = ReferenceMath.add(x, h);
            }
            float[] logits = ReferenceMath.linear(ReferenceMath.layerNorm(x, n, width, w.get("head.norm.weight"),
                    w.get("head.norm.bias"), 1e-5f), n, width, w.get("head.linear.weight"), w.get("head.linear.bias"), k);
            float[] logProbs = ReferenceMath.logSoftmaxRows(logits, n, k);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    out[(b * k + j) * n + i] = logProbs[i * k + j];
                }
            }
        }
        return out;
    }

    private static float[] adaLn(float[] x, int n, int width, float[] emb, Map<String, float[]> w, String prefix) {
        float[] ss = ReferenceMath.linear(ReferenceMath.silu(emb), 1, width, w.get(prefix + ".linear.weight"),
                w.get(prefix + ".linear.bias"), 2 * width);
        float[] y = ReferenceMath.layerNorm(x, n, width, null, null, 1e-5f);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < width; c++) {
                y[i * width + c] = y[i * width + c] * (1 + ss[c]) + ss[width + c];
            }
        }
        return y;
    }
}
