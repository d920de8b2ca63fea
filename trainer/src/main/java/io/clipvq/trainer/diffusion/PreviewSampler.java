package io.clipvq.trainer.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.clipvq.trainer.nn.Tensors;

import java.util.SplittableRandom;

/**
 * Full T-step ancestral sampling with the DJL denoiser, for the sample grids written during training (no
 * guidance, no truncation). Production sampling is the engine's, on the exported ONNX graph; this only shows
 * how training is going without an export.
 */
public final class PreviewSampler {
    private PreviewSampler() {
    }

    /**
     * @param cond normalised conditions [B, D] (row-major)
     * @return codes [B, N] in 0..K-1
     */
    public static long[] sample(DenoiserNet net, MaskAndReplacePosterior posterior, float[] cond, int batch, long seed) {
        int n = net.spec().sequenceLength();
        int k = net.spec().codebookSize();
        int steps = net.spec().timesteps();
        long[] x = new long[batch * n];
        java.util.Arrays.fill(x, k);
        SplittableRandom random = new SplittableRandom(seed);
        NDManager m = net.params().manager();
        for (int t = steps; t >= 1; t--) {
            try (NDScope ignored = new NDScope()) {
                long[] timeIndex = new long[batch];
                int[] ts = new int[batch];
                java.util.Arrays.fill(timeIndex, t - 1);
                java.util.Arrays.fill(ts, t);
                NDArray xt = Tensors.owned(m, x, new Shape(batch, n));
                NDArray logProbs = net.forward(xt, Tensors.owned(m, timeIndex), Tensors.owned(m, cond, new Shape(batch, cond.length / batch)));
                float[] logPost = posterior.logPosterior(logProbs, xt, ts).toFloatArray(); // [B, K+1, N]
                int states = t == 1 ? k : k + 1;
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < n; i++) {
                        int best = 0;
                        double bestScore = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < states; j++) {
                            double gumbel = -Math.log(-Math.log(Math.max(random.nextDouble(), 1e-300)));
                            double score = logPost[(b * (k + 1) + j) * n + i] + gumbel;
                            if (score > bestScore) {
                                bestScore = score;
                                best = j;
                            }
                        }
                        x[b * n + i] = best;
                    }
                }
            }
        }
        return x;
    }
}
